using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConPaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ServiceSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProtectedSecrets",
                table: "Services",
                type: "TEXT",
                maxLength: 8000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProtectedSecrets",
                table: "Services");
        }
    }
}

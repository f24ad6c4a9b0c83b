using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConPaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CodeVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ActiveCodeVersion",
                table: "Services",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "code-default");

            migrationBuilder.AddColumn<bool>(
                name: "DeployOnPush",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "Version",
                table: "Operations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ActiveCodeVersion",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "DeployOnPush",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Operations");
        }
    }
}

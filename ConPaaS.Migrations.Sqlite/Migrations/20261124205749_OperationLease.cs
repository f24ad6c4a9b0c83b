using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConPaaS.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OperationLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LeaseUntil",
                table: "Operations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RunnerId",
                table: "Operations",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "Operations");

            migrationBuilder.DropColumn(
                name: "RunnerId",
                table: "Operations");
        }
    }
}

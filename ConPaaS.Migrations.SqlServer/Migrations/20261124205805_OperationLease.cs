using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConPaaS.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class OperationLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LeaseUntil",
                table: "Operations",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RunnerId",
                table: "Operations",
                type: "uniqueidentifier",
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

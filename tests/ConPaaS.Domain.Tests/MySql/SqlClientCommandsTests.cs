using ConPaaS.Domain.MySql;

namespace ConPaaS.Domain.Tests.MySql;

/// <summary>A dump is SQL only: commands the mariadb client would run on the node are found where the client finds them.</summary>
public sealed class SqlClientCommandsTests
{
    [Theory]
    [InlineData("CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\nsystem rm -rf /\n", 3, "system")]
    [InlineData("SELECT 1;\n  SYSTEM id\n", 2, "SYSTEM")]
    [InlineData("SELECT 1;\n\\! id\n", 2, "\\!")]
    [InlineData("SELECT 1 \\! id\n", 1, "\\!")]
    [InlineData("SELECT 1; \\. /etc/other.sql\n", 1, "\\.")]
    [InlineData("source /etc/other.sql\nSELECT 1;\n", 1, "source")]
    [InlineData("SELECT 1;\ntee /tmp/out\n", 2, "tee")]
    [InlineData("SELECT 1;\n\\T /tmp/out\n", 2, "\\T")]
    [InlineData("pager less\n", 1, "pager")]
    [InlineData("SELECT 1;\n\\e\n", 2, "\\e")]
    [InlineData("connect db other-host\n", 1, "connect")]
    [InlineData("/*!40101 SET NAMES utf8 \\! id */;\n", 1, "\\!")]
    [InlineData("DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; END;;\nsystem id\n", 3, "system")]
    public async Task A_client_command_is_found_with_its_line(string sql, int line, string command)
    {
        var found = await SqlClientCommands.FindAsync(new StringReader(sql), CancellationToken.None);

        Assert.Equal(new SqlClientCommand(line, command), found);
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES ('\\! not a command');\n")]
    [InlineData("INSERT INTO t VALUES (\"system id\");\n")]
    [InlineData("INSERT INTO t VALUES ('line one\nsystem id\n');\n")]
    [InlineData("-- \\! id in a comment\n# system id\n/* \\! id\nsystem id */\nSELECT 1;\n")]
    [InlineData("SELECT a,\nsystem_time FROM t;\n")]
    [InlineData("SELECT a\nsystem FROM t;\n")]
    [InlineData("SELECT `\\!` FROM t;\n")]
    [InlineData("/*M!999999\\- enable the sandbox mode */\nUSE shop;\nDELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET NEW.a = '\\!';;\nDELIMITER ;\nSELECT \\N;\n")]
    public async Task Sql_with_such_text_in_quotes_comments_or_statements_is_not_refused(string sql)
    {
        Assert.Null(await SqlClientCommands.FindAsync(new StringReader(sql), CancellationToken.None));
    }
}

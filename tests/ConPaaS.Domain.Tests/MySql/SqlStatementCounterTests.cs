using ConPaaS.Domain.MySql;

namespace ConPaaS.Domain.Tests.MySql;

/// <summary>"Statement N" in a failed load's message: counted the way the mariadb client splits a file.</summary>
public sealed class SqlStatementCounterTests
{
    [Theory]
    [InlineData("SELECT 1;\nSELECT 2;\nSELECT 3;\n", 3, 3)]
    [InlineData("SELECT 1; SELECT 2;\nSELECT 3;\n", 2, 3)]
    [InlineData("INSERT INTO t VALUES ('a;b');\nSELECT 2;\n", 2, 2)]
    [InlineData("INSERT INTO t VALUES ('it\\'s; here');\nSELECT 2;\n", 2, 2)]
    [InlineData("-- a comment; not a statement\n# another; one\n/* block; comment */\nSELECT 1;\nSELECT 2;\n", 5, 2)]
    [InlineData("/*!40101 SET NAMES utf8mb4 */;\n/*!40014 SET UNIQUE_CHECKS=0 */;\nSELECT 3;\n", 3, 3)]
    [InlineData("INSERT INTO t VALUES ('one\nline; two\nthree');\nSELECT 2;\n", 4, 2)]
    [InlineData("DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END;;\nDELIMITER ;\nSELECT 4;\n", 4, 2)]
    [InlineData(";;\nSELECT 1;\n", 2, 1)]
    public async Task The_statement_starting_at_a_line_is_numbered_like_the_client_splits_the_file(string sql, int line, int expected)
    {
        Assert.Equal(expected, await SqlStatementCounter.StatementStartingAtAsync(new StringReader(sql), line, CancellationToken.None));
    }
}

using System.Text;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.TaskFarm;

namespace ConPaaS.Domain.Tests.TaskFarm;

public class BagParserTests
{
    [Fact]
    public void Keeps_commands_with_their_line_numbers_and_skips_blank_lines_and_comments()
    {
        var bag = BagParser.Parse("# sweep\n./fit sphere 1\n\n   \n  ./fit sphere 2  \r\n# done\n./fit cylinder 1");

        Assert.Equal(3, bag.Count);
        Assert.Equal(new BagTask(0, 2, "./fit sphere 1"), bag.Tasks[0]);
        Assert.Equal(new BagTask(1, 5, "./fit sphere 2"), bag.Tasks[1]);
        Assert.Equal(new BagTask(2, 7, "./fit cylinder 1"), bag.Tasks[2]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n# only a comment\n   \n")]
    public void Refuses_a_bag_without_commands(string text)
    {
        var ex = Assert.Throws<InvalidInputException>(() => BagParser.Parse(text));
        Assert.Equal("bag", ex.Field);
    }

    [Fact]
    public void Refuses_an_over_long_line_and_names_it()
    {
        var text = "echo 1\necho 2\n" + new string('x', 101) + "\necho 4";

        var ex = Assert.Throws<InvalidInputException>(() => BagParser.Parse(text, new BagLimits { MaxLineLength = 100 }));

        Assert.Contains("Line 3", ex.Message);
        Assert.Contains("100", ex.Message);
    }

    [Fact]
    public void Refuses_more_tasks_than_the_limit_naming_the_first_line_too_many()
    {
        var text = "# header\n" + string.Join("\n", Enumerable.Range(1, 6).Select(i => $"echo {i}"));

        var ex = Assert.Throws<InvalidInputException>(() => BagParser.Parse(text, new BagLimits { MaxTasks = 5 }));

        Assert.Contains("Line 7", ex.Message);
    }

    [Fact]
    public void Default_limits_are_a_hundred_thousand_tasks_of_4096_characters()
    {
        Assert.Equal(100_000, BagLimits.Default.MaxTasks);
        Assert.Equal(4_096, BagLimits.Default.MaxLineLength);
        var line = new string('x', 4_096);
        Assert.Equal(1, BagParser.Parse(line).Count);
        Assert.Throws<InvalidInputException>(() => BagParser.Parse(line + "x"));
    }

    [Fact]
    public void Refuses_a_binary_file_with_nul_bytes_and_names_the_line()
    {
        var bytes = Encoding.UTF8.GetBytes("echo 1\necho 2\nec\0ho 3\n");

        var ex = Assert.Throws<InvalidInputException>(() => BagParser.Parse(bytes));

        Assert.Contains("binary", ex.Message);
        Assert.Contains("line 3", ex.Message);
    }

    [Fact]
    public void Refuses_invalid_utf8_and_names_the_line()
    {
        var bytes = Encoding.UTF8.GetBytes("echo 1\n").Concat(new byte[] { 0x65, 0xC3, 0x28, 0x0A }).ToArray();

        var ex = Assert.Throws<InvalidInputException>(() => BagParser.Parse(bytes));

        Assert.Contains("UTF-8", ex.Message);
        Assert.Contains("line 2", ex.Message);
    }

    [Fact]
    public void Reads_utf8_bytes_with_a_byte_order_mark()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("echo é\n")).ToArray();

        var bag = BagParser.Parse(bytes);

        Assert.Equal("echo é", Assert.Single(bag.Tasks).Command);
    }
}

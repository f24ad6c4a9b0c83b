using System.Xml.Linq;
using ConPaaS.Infrastructure.Clouds.OpenNebula;

namespace ConPaaS.Infrastructure.Tests.Clouds;

public sealed class XmlRpcFormatTests
{
    [Fact]
    public void A_request_carries_the_method_and_typed_parameters_with_text_escaped()
    {
        var xml = XDocument.Parse(XmlRpcFormat.Request("one.vm.allocate", ["user:pass", "NAME=\"a<b>&c\"", false, 42, 2.5, new object?[] { 1, "x" }]));

        var values = xml.Root!.Element("params")!.Elements("param").Select(p => p.Element("value")!.Elements().Single()).ToList();
        Assert.Equal("one.vm.allocate", xml.Root.Element("methodName")!.Value);
        Assert.Equal(["string", "string", "boolean", "i4", "double", "array"], values.Select(v => v.Name.LocalName));
        Assert.Equal("NAME=\"a<b>&c\"", values[1].Value);
        Assert.Equal("0", values[2].Value);
        Assert.Equal("42", values[3].Value);
        Assert.Equal(["1", "x"], values[5].Element("data")!.Elements("value").Select(v => v.Value));
    }

    [Fact]
    public void A_response_is_parsed_into_values_including_untyped_strings_and_structs()
    {
        var result = XmlRpcFormat.Response("""
            <?xml version="1.0"?>
            <methodResponse><params><param><value><array><data>
              <value><boolean>1</boolean></value>
              <value><string>&lt;VM&gt;&lt;ID&gt;7&lt;/ID&gt;&lt;/VM&gt;</string></value>
              <value><int>0</int></value>
              <value>plain</value>
              <value><struct><member><name>k</name><value><i8>5000000000</i8></value></member></struct></value>
              <value><nil/></value>
            </data></array></value></param></params></methodResponse>
            """);

        var values = Assert.IsType<object?[]>(result);
        Assert.Equal(true, values[0]);
        Assert.Equal("<VM><ID>7</ID></VM>", values[1]);
        Assert.Equal(0, values[2]);
        Assert.Equal("plain", values[3]);
        Assert.Equal(5_000_000_000L, Assert.IsType<Dictionary<string, object?>>(values[4])["k"]);
        Assert.Null(values[5]);
    }

    [Fact]
    public void A_fault_becomes_an_exception_with_its_code_and_text()
    {
        var fault = Assert.Throws<XmlRpcException>(() => XmlRpcFormat.Response("""
            <methodResponse><fault><value><struct>
              <member><name>faultCode</name><value><int>4</int></value></member>
              <member><name>faultString</name><value><string>Too many parameters.</string></value></member>
            </struct></value></fault></methodResponse>
            """));

        Assert.Equal(4, fault.FaultCode);
        Assert.Contains("Too many parameters.", fault.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not xml at all", "not XML")]
    [InlineData("<html><body>Bad gateway</body></html>", "not a <methodResponse>")]
    [InlineData("<methodResponse/>", "neither a result nor a fault")]
    [InlineData("<methodResponse><params><param><value><dateTimeX/></value></param></params></methodResponse>", "unknown type <dateTimeX>")]
    public void An_answer_that_is_not_xml_rpc_is_named(string body, string expected)
    {
        var failure = Assert.Throws<XmlRpcException>(() => XmlRpcFormat.Response(body));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_xml_rpc_cannot_carry_is_refused()
    {
        var failure = Assert.Throws<ArgumentException>(() => XmlRpcFormat.Value(new Uri("http://x")));

        Assert.Contains("Uri", failure.Message, StringComparison.Ordinal);
    }
}

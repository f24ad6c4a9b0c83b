using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Manifests;

namespace ConPaaS.Domain.Tests.Manifests;

public class ManifestReaderTests
{
    // The example of ../shared/CONPAAS-REFERENCE.md, unchanged (its "…" URL is shortened there; a real one here).
    private const string ReferenceWiki = """
        { "Application": "Wiki in the Cloud",
          "Services": [ { "ServiceName": "Wiki-Webserver", "Type": "java", "Archive": "http://example.org/wiki.war",
                          "StartupInstances": { "proxy": "1", "web": "1", "backend": "5" }, "Start": 1 } ] }
        """;

    // The shape of the original's WordPress manifest: php + mysql, counts as strings, Start 0 on the web server.
    private const string OriginalWordPress = """
        {
          "Application" : "Wordpress",
          "Description" : "A blog",
          "Services" : [
            { "ServiceName" : "Wordpress-Webserver", "Type" : "php",
              "Archive" : "https://example.org/wordpress.tar.gz",
              "StartupScript": "https://example.org/wp-startup.sh",
              "Cloud": "default",
              "StartupInstances" : { "proxy" : "1", "web" : "1", "backend" : "1" }, "Start" : 0 },
            { "ServiceName" : "Wordpress-Database", "Type" : "mysql",
              "Dump" : "https://example.org/wordpress.sql", "Password" : "password",
              "StartupInstances" : { "master" : "1" }, "Start" : 1 }
          ]
        }
        """;

    private static ResolvedManifest Read(string json, Dictionary<string, string>? values = null) =>
        ManifestResolver.Resolve(ManifestReader.Parse(json), values, () => "s3cr3t");

    private static InvalidInputException Refused(string json, Dictionary<string, string>? values = null) =>
        Assert.Throws<InvalidInputException>(() => Read(json, values));

    [Fact]
    public void Reads_the_reference_example_unchanged()
    {
        var manifest = Read(ReferenceWiki).Manifest;

        Assert.Equal("Wiki in the Cloud", manifest.Application);
        var wiki = Assert.Single(manifest.Services);
        Assert.Equal(("java", "Wiki-Webserver", true), (wiki.Type, wiki.ServiceName, wiki.Start));
        Assert.Equal(new ManifestSource("Services[0].Archive", ManifestSourceKind.Url, "http://example.org/wiki.war"), wiki.Archive);
        Assert.Equal(new Dictionary<string, int> { ["proxy"] = 1, ["web"] = 1, ["backend"] = 5 }, wiki.StartupInstances);
    }

    [Fact]
    public void Reads_an_original_php_and_mysql_manifest_with_string_counts_and_start_flags()
    {
        var manifest = Read(OriginalWordPress).Manifest;

        Assert.Equal("A blog", manifest.Description);
        var (web, db) = (manifest.Services[0], manifest.Services[1]);
        Assert.False(web.Start);
        Assert.Equal("default", web.Cloud);
        Assert.Equal(ManifestSourceKind.Url, web.StartupScript!.Kind);
        Assert.Equal(3, web.StartupInstances.Count);
        Assert.Equal(("mysql", "password", true), (db.Type, db.Password, db.Start));
        Assert.Equal("https://example.org/wordpress.sql", db.Dump!.Value);
        Assert.Equal(1, db.StartupInstances["master"]);
    }

    [Fact]
    public void Takes_counts_as_numbers_too_and_the_original_xtreemfs_name()
    {
        var manifest = Read("""{"Application":"a","Services":[{"Type":"php","StartupInstances":{"backend":3}},{"Type":"xtreemfs","VolumeStartup":{"volumeName":"v","owner":"me"}}]}""").Manifest;

        Assert.Equal(3, manifest.Services[0].StartupInstances["backend"]);
        Assert.Equal("storage", manifest.Services[1].Type);
        Assert.Equal(new VolumeStartup("v", "me"), manifest.Services[1].VolumeStartup);
    }

    [Fact]
    public void The_original_mysql_role_names_load_unchanged()
    {
        // The 2014 guide's full example, and the 2016 director's Galera-era names.
        var slaves = Read("""{"Application":"a","Services":[{"Type":"mysql","StartupInstances":{"slaves":"1"}}]}""").Manifest.Services[0];
        var galera = Read("""{"Application":"a","Services":[{"Type":"mysql","StartupInstances":{"mysql":"2","glb":"1"}}]}""").Manifest.Services[0];

        Assert.Equal(new Dictionary<string, int> { ["slave"] = 1 }, slaves.StartupInstances);
        // Two mysql servers are the master and one replica; the load balancer is the master's read address.
        Assert.Equal(new Dictionary<string, int> { ["slave"] = 1 }, galera.StartupInstances);
    }

    [Fact]
    public void A_refusal_names_the_type_as_the_manifest_wrote_it()
    {
        var refused = Refused("""{"Application":"a","Services":[{"Type":"xtreemfs","StartupInstances":{"osds":"2"}}]}""");

        Assert.Contains("a xtreemfs service has no role \"osds\"", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_says_line_and_column()
    {
        var ex = Refused("{\n  \"Application\": \"a\",\n  \"Services\": [ { \"Type\": \"php\" } \n}");

        Assert.Equal("manifest", ex.Field);
        Assert.Contains("line 4, column 1", ex.Message);
    }

    [Fact]
    public void A_missing_type_names_the_entry_and_lists_the_types()
    {
        var ex = Refused("""{"Application":"a","Services":[{"Type":"php"},{"ServiceName":"db"}]}""");

        Assert.Equal("Services[1].Type", ex.Field);
        Assert.Contains("php, java, mysql", ex.Message);
    }

    [Fact]
    public void An_unknown_type_lists_the_known_ones()
    {
        var ex = Refused("""{"Application":"a","Services":[{"Type":"cobol"}]}""");

        Assert.Equal("Services[0].Type", ex.Field);
        Assert.Contains("\"cobol\"", ex.Message);
        Assert.Contains("known types: php, java, mysql, storage, taskfarm", ex.Message);
    }

    [Fact]
    public void An_unknown_role_lists_the_types_roles()
    {
        var ex = Refused("""{"Application":"a","Services":[{"Type":"php","StartupInstances":{"database":"1"}}]}""");

        Assert.Equal("Services[0].StartupInstances.database", ex.Field);
        Assert.Contains("its roles: proxy, web, backend", ex.Message);
    }

    [Theory]
    [InlineData("\"-2\"", "\"-2\" is not a count")]
    [InlineData("-2", "-2 is not a count")]
    [InlineData("\"two\"", "\"two\" is not a count")]
    [InlineData("1.5", "1.5 is not a count")]
    [InlineData("\"21\"", "21 nodes is more than the 20")]
    public void A_bad_count_names_the_role(string count, string problem)
    {
        var ex = Refused("""{"Application":"a","Services":[{"Type":"php"},{"Type":"php","StartupInstances":{"backend":""" + count + "}}]}");

        Assert.Equal("Services[1].StartupInstances.backend", ex.Field);
        Assert.StartsWith($"Services[1].StartupInstances.backend: {problem}", ex.Message);
    }

    [Fact]
    public void A_field_of_another_type_is_refused()
    {
        var ex = Refused("""{"Application":"a","Services":[{"Type":"php","Dump":"https://example.org/x.sql"}]}""");

        Assert.Equal("Services[0].Dump", ex.Field);
    }

    [Theory]
    [InlineData("../../etc/passwd", "leaves the bundle")]
    [InlineData("code/../../x.zip", "leaves the bundle")]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("file:///etc/passwd", "file: address")]
    [InlineData("ftp://example.org/a.zip", "ftp: address")]
    public void A_source_outside_http_or_the_bundle_is_refused(string archive, string problem)
    {
        var ex = Refused($$"""{"Application":"a","Services":[{"Type":"php","Archive":"{{archive}}"}]}""");

        Assert.Equal("Services[0].Archive", ex.Field);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void A_bundle_path_and_an_inline_startup_script_are_recognised()
    {
        var service = Read("""{"Application":"a","Services":[{"Type":"php","Archive":"./code//app.zip","StartupScript":"#!/bin/sh\necho hi"}]}""").Manifest.Services[0];

        Assert.Equal(new ManifestSource("Services[0].Archive", ManifestSourceKind.BundlePath, "code/app.zip"), service.Archive);
        Assert.Equal(ManifestSourceKind.Inline, service.StartupScript!.Kind);
    }

    [Fact]
    public void A_dump_on_a_service_that_does_not_start_is_refused()
    {
        var ex = Refused("""{"Application":"a","Services":[{"Type":"mysql","Dump":"db.sql","Start":0}]}""");

        Assert.Equal("Services[0].Start", ex.Field);
    }

    [Theory]
    [InlineData("""{"Services":[{"Type":"php"}]}""", "Application")]
    [InlineData("""{"Application":"a"}""", "Services")]
    [InlineData("""{"Application":"a","Services":[]}""", "Services")]
    [InlineData("""[1]""", "manifest")]
    [InlineData("""{"Application":"a","Services":[{"Type":"php","Start":"yes"}]}""", "Services[0].Start")]
    [InlineData("""{"Application":"a","Services":[{"Type":"php","ServiceName":"x"},{"Type":"mysql","ServiceName":"x"}]}""", "Services[1].ServiceName")]
    public void Structural_errors_name_their_field(string json, string field) =>
        Assert.Equal(field, Refused(json).Field);
}

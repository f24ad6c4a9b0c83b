using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Manifests;

namespace ConPaaS.Domain.Tests.Manifests;

public class ManifestVariablesTests
{
    private const string Guestbook = """
        {
          "Application": "${title}",
          "Variables": [
            { "Id": "title", "Label": "Application name", "Default": "Guestbook" },
            { "Id": "backends", "Label": "PHP backends", "Pattern": "[1-4]" }
          ],
          "Services": [
            { "Type": "mysql", "ServiceName": "db", "Password": "${secret:db}" },
            { "Type": "php", "ServiceName": "web-${backends}", "StartupScript": "#!/bin/sh\necho \"${secret:db}\" > /tmp/pw; echo ${HOME} ${title}" }
          ]
        }
        """;

    private static int _generated;

    private static ResolvedManifest Resolve(string json, Dictionary<string, string> values) =>
        ManifestResolver.Resolve(ManifestReader.Parse(json), values, () => $"secret-{++_generated}");

    [Fact]
    public void Fills_given_values_and_defaults_and_shares_one_generated_secret()
    {
        var resolved = Resolve(Guestbook, new() { ["backends"] = "2" });

        Assert.Equal("Guestbook", resolved.Manifest.Application);
        Assert.Equal("web-2", resolved.Manifest.Services[1].ServiceName);
        var secret = Assert.Single(resolved.Secrets).Value;
        Assert.Equal(secret, resolved.Manifest.Services[0].Password);
        // A script gets the manifest's names filled in and keeps its own shell variables.
        var script = resolved.SubstituteText(resolved.Manifest.Services[1].StartupScript!.Value);
        Assert.Contains($"echo \"{secret}\"", script);
        Assert.Contains("${HOME} Guestbook", script);
    }

    [Fact]
    public void A_value_failing_its_pattern_is_refused_naming_the_variable()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Resolve(Guestbook, new() { ["backends"] = "9" }));

        Assert.Equal("Variables.backends", ex.Field);
        Assert.Contains("\"9\" does not match the pattern [1-4]", ex.Message);
    }

    [Fact]
    public void A_variable_without_value_or_default_is_asked_for()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Resolve(Guestbook, new()));

        Assert.Equal("Variables.backends", ex.Field);
        Assert.Contains("PHP backends", ex.Message);
    }

    [Fact]
    public void An_undeclared_placeholder_or_value_is_refused()
    {
        var undeclared = Assert.Throws<InvalidInputException>(() =>
            Resolve("""{"Application":"${nope}","Services":[{"Type":"php"}]}""", new()));
        Assert.Equal("Application", undeclared.Field);

        var unknownValue = Assert.Throws<InvalidInputException>(() => Resolve(Guestbook, new() { ["backends"] = "1", ["colour"] = "red" }));
        Assert.Equal("Variables.colour", unknownValue.Field);
        Assert.Contains("its variables: title, backends", unknownValue.Message);
    }

    [Fact]
    public void A_bad_pattern_is_refused_when_the_manifest_is_read()
    {
        var ex = Assert.Throws<InvalidInputException>(() =>
            ManifestReader.Parse("""{"Application":"a","Variables":[{"Id":"x","Pattern":"(["}],"Services":[{"Type":"php"}]}"""));

        Assert.Equal("Variables[0].Pattern", ex.Field);
    }
}

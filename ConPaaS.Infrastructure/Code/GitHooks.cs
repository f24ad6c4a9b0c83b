namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// Hooks installed in every repository. git runs them inside <c>git receive-pack</c>, so what they print reaches
/// the person pushing as <c>remote: …</c> lines: the push output says what happens to the code.
/// </summary>
internal static class GitHooks
{
    /// <summary>
    /// Only main may change: tags are the versions the portal names itself, and other branches would never be
    /// deployed, so pushing them is refused with the command that works.
    /// </summary>
    public const string PreReceive = """
        #!/bin/sh
        # Installed by ConPaaS: only the main branch can be pushed.
        status=0
        while read old new ref; do
          if [ "$ref" != "refs/heads/main" ]; then
            echo "ConPaaS: refusing $ref: only the main branch is deployed; push with 'git push <remote> HEAD:main'." >&2
            status=1
          fi
        done
        exit $status

        """;

    /// <summary>Names the version a push created; says it is being deployed when the portal set <c>CONPAAS_DEPLOY_ON_PUSH=1</c>.</summary>
    public const string PostReceive = """
        #!/bin/sh
        # Installed by ConPaaS: tells the person pushing which version their push became.
        zero=0000000000000000000000000000000000000000
        service=$(basename "$(pwd)" .git)
        while read old new ref; do
          [ "$ref" = "refs/heads/main" ] || continue
          [ "$new" = "$zero" ] && continue
          version=$(git rev-parse --short=7 "$new")
          if [ "$CONPAAS_DEPLOY_ON_PUSH" = "1" ]; then
            echo "ConPaaS: received version $version; it is being deployed."
          else
            echo "ConPaaS: received version $version. Activate it on the service's page, or with POST /api/v1/services/$service/code/$version/activate."
          fi
        done

        """;
}

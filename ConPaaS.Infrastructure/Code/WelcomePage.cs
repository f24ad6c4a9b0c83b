namespace ConPaaS.Infrastructure.Code;

/// <summary>The <c>index.php</c> of <c>code-default</c>: what a new service serves until its owner sends code.</summary>
internal static class WelcomePage
{
    public static string Render(int serviceId) => $$"""
        <?php
        // ConPaaS welcome page (version code-default). Replace it by pushing or uploading your own code.
        ?>
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>ConPaaS service {{serviceId}} is ready</title></head>
        <body>
          <h1>Your ConPaaS service is ready</h1>
          <p>This page is the welcome version <code>code-default</code>, served by PHP <?php echo htmlspecialchars(PHP_VERSION); ?>.</p>
          <h2>Send your code</h2>
          <p>With git, using your user name and a personal access token (create one on your profile page):</p>
          <pre>git clone https://&lt;portal&gt;/git/{{serviceId}}.git
        cd {{serviceId}}
        # replace index.php with your application, then
        git add -A &amp;&amp; git commit -m "My application" &amp;&amp; git push origin main</pre>
          <p>Or upload a ZIP or tar.gz archive on the service's page in the portal, or with
             <code>POST /api/v1/services/{{serviceId}}/code</code>.</p>
          <p>Every push and every upload becomes a code version that you can activate, download or delete.</p>
        </body>
        </html>

        """;
}

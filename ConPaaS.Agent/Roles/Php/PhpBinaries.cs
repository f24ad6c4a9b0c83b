namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// The servers the php roles run, as Debian installs them (packages nginx-light and php8.2-fpm). Environment
/// variables may point elsewhere on another image.
/// </summary>
internal static class PhpBinaries
{
    public static string Nginx { get; } = Environment.GetEnvironmentVariable("CONPAAS_NGINX") ?? "/usr/sbin/nginx";

    public static string PhpFpm { get; } = Environment.GetEnvironmentVariable("CONPAAS_PHP_FPM") ?? "/usr/sbin/php-fpm8.2";
}

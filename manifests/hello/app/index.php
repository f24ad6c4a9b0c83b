<?php
// The hello template: proves that the code archive is served by php-fpm behind the proxy.
$backend = gethostname() . ' (' . ($_SERVER['SERVER_ADDR'] ?? '?') . ')';
?><!doctype html>
<html><head><meta charset="utf-8"><title>Hello from ConPaaS</title></head>
<body>
<h1>Hello from ConPaaS</h1>
<p>PHP <?= htmlspecialchars(PHP_VERSION) ?> served this page on backend <?= htmlspecialchars($backend) ?>,
code version <?= htmlspecialchars(getenv('CONPAAS_CODE_VERSION') ?: 'unknown') ?>.</p>
<p>It is <?= gmdate('Y-m-d H:i:s') ?> UTC.</p>
</body></html>

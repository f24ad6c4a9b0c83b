<?php
// The guestbook finds its database through the MYSQL_* variables the portal gives an application's PHP services.
$db = new PDO(
    sprintf('mysql:host=%s;port=%s;dbname=guestbook;charset=utf8mb4', getenv('MYSQL_HOST'), getenv('MYSQL_PORT') ?: '3306'),
    getenv('MYSQL_USER'), getenv('MYSQL_PASSWORD'),
    [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);

if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    $name = trim($_POST['name'] ?? '');
    $message = trim($_POST['message'] ?? '');
    if ($name !== '' && $message !== '') {
        $db->prepare('INSERT INTO entries (name, message) VALUES (?, ?)')->execute([mb_substr($name, 0, 100), $message]);
    }
    header('Location: ./', true, 303);
    exit;
}
$entries = $db->query('SELECT name, message, created_at FROM entries ORDER BY id DESC LIMIT 100')->fetchAll(PDO::FETCH_ASSOC);
?><!doctype html>
<html><head><meta charset="utf-8"><title>Guestbook</title></head>
<body>
<h1>Guestbook</h1>
<form method="post">
  <input name="name" placeholder="Your name" required>
  <textarea name="message" placeholder="Your message" required></textarea>
  <button type="submit">Sign</button>
</form>
<ul id="entries">
<?php foreach ($entries as $entry): ?>
  <li><strong><?= htmlspecialchars($entry['name']) ?></strong>: <?= htmlspecialchars($entry['message']) ?> <small><?= htmlspecialchars($entry['created_at']) ?></small></li>
<?php endforeach; ?>
</ul>
</body></html>

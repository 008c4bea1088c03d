/** The inspector page's HTML shell. Static: all data is added by the page script with DOM APIs. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>convtrace inspector</title>
<link rel="stylesheet" href="/assets/style.css">
<script type="module" src="/assets/web/app.js"></script>
</head>
<body>
<header class="top">
  <a href="#/" class="brand"><span class="logo">◆</span> convtrace <span class="brand-sub">inspector</span></a>
  <span class="source" id="source"></span>
</header>
<div class="layout">
  <main id="main"></main>
  <aside id="detail" class="detail" hidden></aside>
</div>
</body>
</html>
`;

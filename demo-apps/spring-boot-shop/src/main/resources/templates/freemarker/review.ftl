<#-- VULNERABLE: a .ftl page is not auto-escaped, so the comment reaches the page as markup. -->
<!DOCTYPE html>
<html>
<head><title>Review</title></head>
<body>
<h1>Thank you for your review</h1>
<div class="comment">${comment}</div>
</body>
</html>

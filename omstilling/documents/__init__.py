"""Documents: the figures and text of each document kind (context), Markdown from Jinja2 (render), charts, and
HTML and Word through pandoc (publish)."""

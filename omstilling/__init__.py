"""omstilling: the annual cycle (årshjul) of Norwegian regional restructuring programmes.

The house, from the inside out (a layer imports only those below it; `.importlinter` enforces it, and
docs/ARCHITECTURE.md draws it):

    errors, config   the exceptions a user can cause; the settings (OMSTILLING_*)
    core/            pure: plain data and a day in, plain data out; no clock, no I/O
    clock            today and now, in the installation's time zone
    store/           engine and unit of work, tables, migrations, loader (rows -> snapshots), change log
    intake/ wheel/   input checked and written (schemas, writes, workbook, demo); deadlines, calendar, picture
    documents/ messaging/   Markdown -> HTML, DOCX, PDF; the outbox, transport, texts, invitations, links
    access/          roles on a day; one-time sign-in links
    app/             every use case, once: what the CLI, the web app and the Prefect flows all call
    cli/ web/ flows/ the ways in: translate input, call app/, render the result
"""

__version__ = "0.1.0"

"""What the tests share, in one place. A test module imports shared helpers from here and gets fixtures from
conftest.py; it never imports another test module (tests/unit/test_support.py fails if one does).

    db        a SQLite database in a folder of the test's own
    demo      facts about the demo programme several tests lean on; a second programme of its county
    mail      a real SMTP server's inbox, each message as a mail client sees it; apprise's configuration for it
    web       the web app on a test database; signing in through a real link; CSRF tokens
    wheel     the demo's wheel, closed days, quota and people as plain data (no database)
    workbook  Hypothesis strategies for a workbook's rows (projects, payments, results)
"""

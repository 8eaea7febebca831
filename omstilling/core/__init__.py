"""The pure core: plain data in, plain data out. No database, no Prefect, no apprise, no Jinja2, no clock.

    enums       statuses, phases, roles, kinds (the models store them; the core reasons with them)
    snapshot    the immutable data of one programme that everything here works on
    periods     every default for "which year, seen from which day" (status, documents, wheel, tick)
    wheel/      rules → dated deadlines on working days, reminder ladders, quota forecasts
    indicators  the definitions: jobs, companies, leverage, competence share, budget, deviations
    figures     the one set of figures that `status` and every document show
    sentences   the sentences documents say about figures, one builder per sentence, case by case
    texts       which sections of a document the programme leader writes, where they are kept, which are unwritten
    titles      a document's title in words
    agenda      where every deadline, meeting, notice day and follow-up stands on a day
    status      `omstilling status` as JSON-ready data
    reminders   which ladder steps are due on a day, to whom, and what is still missing
    tick        what the daily tick drafts
    formatting  Norwegian numbers and dates (Babel)

Importing this package leaves sqlmodel, sqlalchemy, prefect, apprise and jinja2 unimported; a test and the
import-linter contract in `.importlinter` keep it so.
"""

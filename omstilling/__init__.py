"""omstilling: the annual cycle (årshjul) of Norwegian regional restructuring programmes.

Layers, from the inside out (see DESIGN.md):

    pure core   wheel, indicators, reminders   plain data in, plain data out, no clock
    edges       models, db, load, services     the database and its validated input
    outside     cli, demo, flows/              what users and schedulers call
"""

__version__ = "0.1.0"

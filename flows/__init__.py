"""Prefect flows of omstilling: thin, each one sequences library calls (omstilling.jobs) and shows the result
in the Prefect UI. Names are Norwegian, as users see them."""

"""The application layer: every use case as one function that the command line, the web app and the
Prefect flows and forms call with the same options, checks and Norwegian words. Each opens its own
session from an engine it is given and takes plain arguments (slugs, dates), so it runs in any
process or Prefect task."""

"""The web app for the programme leader, the board and the county (`omstilling web`): a caller of the library,
like the command line and the flows (it never imports them, nor they it)."""

from omstilling.web.app import create_app

__all__ = ["create_app"]

"""Who may do what: the roles a person holds on a day and what they may read or change (roles), and the
one-time sign-in links of the web app (signin)."""

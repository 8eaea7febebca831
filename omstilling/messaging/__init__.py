"""Messages people receive, each sent exactly once through the outbox: its entry points (outbox), which rows are
due (plan), claims between workers (claims), sending (delivery), rows retired or given up and the alerts about them
(alerts); the transport in front of apprise and SMTP (transport), the texts (texts), meeting invitations
(invitations) and the web addresses messages link to (links)."""

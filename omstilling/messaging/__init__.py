"""Messages people receive: the outbox that sends each exactly once (outbox), the transport in front of
apprise and SMTP (transport), the texts (texts), meeting invitations (invitations) and the web addresses messages
link to (links)."""

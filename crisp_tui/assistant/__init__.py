"""What an assistant may do with the inbox: read it (through the same client, settings and local
cache as the app) and propose replies or notes for the agent. Nothing here sends, changes a
conversation's state or assigns it: the HTTP client it uses is read-only."""

"""The server's rules. Routes stay thin and call these; errors are ``ServiceError``s."""

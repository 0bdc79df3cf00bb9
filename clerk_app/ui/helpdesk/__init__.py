"""帮办预审: the help desk's page (pre-check, preparation list, ticket to the window)."""

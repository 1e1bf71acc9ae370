"""What people do to the data (load, review, commit, roll back, history, accounts, recipes, briefs, upkeep): plain
Python called by the pages and the command line, returning dataclasses and raising HubError."""

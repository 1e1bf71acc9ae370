"""The upload templates (indicator data, survey results and respondents)."""

"""Reading answers: CSV and Excel workbooks, survey-tool exports, validation with located errors."""

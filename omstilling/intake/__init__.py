"""What comes in: the input models and their Norwegian problems (schemas), the writes that check and store
them (writes), the workbook's import and export (workbook), and the demo programme (demo)."""

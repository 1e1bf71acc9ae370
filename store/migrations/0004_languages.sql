-- Migration 0004: the interface in Kazakh (issue 12). Kazakh names of groups, themes, indicators and survey
-- questions (NULL where a file or a bank gave none: the reader's next language is shown), and the indicator's unit
-- as readers see it in each language (`unit` stays the catalogue's code-like English).
ALTER TABLE country_group ADD COLUMN IF NOT EXISTS name_kk VARCHAR;
ALTER TABLE theme ADD COLUMN IF NOT EXISTS name_kk VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS name_kk VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS definition_kk VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS unit_en VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS unit_ru VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS unit_kk VARCHAR;
ALTER TABLE survey_question ADD COLUMN IF NOT EXISTS label_kk VARCHAR;
ALTER TABLE survey_question ADD COLUMN IF NOT EXISTS text_kk VARCHAR;
ALTER TABLE survey_question ADD COLUMN IF NOT EXISTS theme_kk VARCHAR;

"""Writing a prepared survey file into an open write transaction; removing a batch's survey rows."""

from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd

from core.errors import ValidationError, coded
from core.settings import settings
from etl.recipes import survey as survey_read
from etl.recipes.survey import NOT_STATED, ParsedSurvey
from etl.validate.survey import PreparedSurvey
from etl.write import batches

SURVEY_TABLES = ("survey_theme_cell", "survey_cell", "survey_answer", "survey_respondent_group", "survey_respondent",
                 "survey_aggregate", "survey")
KAZAKH_QUESTION_FIELDS = ("label_kk", "text_kk", "theme_kk")  # read when a question bank carries them


# Theme scores: each respondent's average over the theme's items they answered, then per survey, theme and
# group (national 'All' and every breakdown): n, sums of weights and squared weights, and for each measure
# the weighted (s_, s2_) and unweighted (u_, u2_) sums of y and y^2. {answers} selects the answers.
THEME_MOMENTS_SQL = """
per_respondent AS (
    SELECT a.survey_id, a.respondent_key, q.theme AS unit,
           avg(CASE WHEN list_contains(q.favourable, a.answer) THEN 1.0 ELSE 0.0 END) AS fav,
           avg(CASE WHEN list_contains(q.neutral, a.answer) THEN 1.0 ELSE 0.0 END) AS neu,
           avg(CASE WHEN q.reverse_coded THEN q.scale_min + q.scale_max - a.answer ELSE a.answer END) AS score,
           avg(100.0 * ((CASE WHEN q.reverse_coded THEN q.scale_min + q.scale_max - a.answer ELSE a.answer END)
                        - q.scale_min) / (q.scale_max - q.scale_min)) AS idx
    FROM survey_answer a JOIN survey s USING (survey_id)
    JOIN survey_question q ON q.bank = s.bank AND q.question_code = a.question_code
    WHERE {answers} AND q.theme IS NOT NULL
    GROUP BY ALL
),
y AS (
    SELECT p.*, 1.0 - p.fav - p.neu AS unf, r.weight AS w, 'all' AS dimension, 'All' AS group_name, r.batch_id
    FROM per_respondent p JOIN survey_respondent r ON r.respondent_key = p.respondent_key
    UNION ALL
    SELECT p.*, 1.0 - p.fav - p.neu AS unf, r.weight AS w, g.dimension, g.group_name, r.batch_id
    FROM per_respondent p JOIN survey_respondent r ON r.respondent_key = p.respondent_key
    JOIN survey_respondent_group g ON g.respondent_key = p.respondent_key
),
moments AS (
    SELECT survey_id, unit, dimension, group_name, count(*) AS n, sum(w) AS sw, sum(w * w) AS sw2,
           sum(w * fav) AS s_fav, sum(w * fav * fav) AS s2_fav, sum(w * neu) AS s_neu, sum(w * neu * neu) AS s2_neu,
           sum(w * unf) AS s_unf, sum(w * unf * unf) AS s2_unf, sum(w * score) AS s_mean,
           sum(w * score * score) AS s2_mean, sum(w * idx) AS s_index, sum(w * idx * idx) AS s2_index,
           sum(fav) AS u_fav, sum(fav * fav) AS u2_fav, sum(neu) AS u_neu, sum(neu * neu) AS u2_neu,
           sum(unf) AS u_unf, sum(unf * unf) AS u2_unf, sum(score) AS u_mean, sum(score * score) AS u2_mean,
           sum(idx) AS u_index, sum(idx * idx) AS u2_index, any_value(batch_id) AS batch_id
    FROM y GROUP BY survey_id, unit, dimension, group_name
)"""


def write_survey_batch(con: duckdb.DuckDBPyConnection, prepared: PreparedSurvey, *, file_name: str, sha256: str,
                       user: str) -> dict[str, int]:
    """Add a prepared survey file as a new batch inside the caller's transaction."""
    found = batches.active_batch_with_sha(con, sha256)
    if found:
        raise batches.AlreadyLoaded(*found)
    parsed = prepared.parsed
    source = parsed.source
    demo_removed = batches.keep_demo_apart(con, source, file_name)
    batch_id = batches.next_batch_id(con)
    con.execute(
        "INSERT INTO source SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ? WHERE NOT EXISTS "
        "(SELECT 1 FROM source WHERE source_id = ?)",
        [source.source_id, source.dataset, source.edition, source.name, source.publisher, source.licence,
         source.citation, source.url, source.is_demo, batch_id, source.source_id],
    )
    surveys = prepared.surveys
    clash = con.execute(
        "SELECT s.survey_id, s.batch_id FROM survey s WHERE list_contains(?, s.survey_id) ORDER BY 1",
        [surveys["survey_id"].tolist()],
    ).fetchall()
    if clash:
        raise ValidationError(f"{file_name}: surveys already in the store; nothing was loaded", [
            coded("sv_already_loaded", {"survey": sid, "batch": b}, file=file_name, value=sid) for sid, b in clash])
    _write_questions(con, parsed, batch_id, file_name)
    frame = surveys.assign(source_id=source.source_id, bank=parsed.bank, level=parsed.level, batch_id=batch_id)
    frame["population"] = pd.to_numeric(frame["population"], errors="coerce").round().astype("Int64")
    frame["response_rate"] = pd.to_numeric(frame["response_rate"], errors="coerce").astype("Float64")
    for column in ("fieldwork_start", "fieldwork_end"):
        frame[column] = pd.to_datetime(frame[column], errors="coerce")
    _insert(con, "survey", frame, "survey_id, source_id, bank, iso3, year, name, fieldwork_start, fieldwork_end, "
            "population, response_rate, level, batch_id")
    added = 0
    if prepared.aggregates is not None:
        agg = prepared.aggregates.assign(batch_id=batch_id)
        agg["n"] = pd.to_numeric(agg["n"], errors="coerce").round().astype("Int64")
        _insert(con, "survey_aggregate", agg, "survey_id, question_code, question_text, dimension, group_name, "
                "measure, n, value, lower, upper, batch_id")
        added = len(agg)
    if parsed.respondents is not None:
        added = _write_respondents(con, parsed, prepared.respondent_surveys(), batch_id)
    con.execute("INSERT OR REPLACE INTO store_info VALUES ('survey_min_n', ?)", [str(settings().survey_min_n)])
    record = {**prepared.report.as_record(), "survey_level": parsed.level, "surveys": surveys["survey_id"].tolist(),
              **prepared.preview(), **({"demo_removed": demo_removed} if demo_removed else {}),
              **({"survey_form": parsed.recipe} if parsed.recipe else {})}
    con.execute(
        "INSERT INTO load_batch VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, current_localtimestamp(), 'active', NULL, NULL, ?)",
        [batch_id, file_name, sha256, parsed.format, source.source_id, added, user,
         json.dumps(record, ensure_ascii=False, default=str)],
    )
    batches.mark_current_editions(con)
    return {"batch_id": batch_id, "added": added, "demo_removed": demo_removed}


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, columns: str) -> None:
    con.register("survey_df", frame)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM survey_df")
    con.unregister("survey_df")


def _write_questions(con: duckdb.DuckDBPyConnection, parsed: ParsedSurvey, batch_id: int, file_name: str) -> None:
    """New questions join the bank; a question already there must mean the same (same scale and coding)."""
    problems = []
    for q in parsed.questions.itertuples(index=False):
        have = con.execute(
            "SELECT scale_min, scale_max, favourable, neutral, reverse_coded FROM survey_question "
            "WHERE bank = ? AND question_code = ?", [parsed.bank, q.question_code],
        ).fetchall()
        have = have[0] if have else None
        lo = None if q.scale_min is None or pd.isna(q.scale_min) else int(q.scale_min)
        hi = None if q.scale_max is None or pd.isna(q.scale_max) else int(q.scale_max)
        fav = None if q.favourable is None else [int(c) for c in q.favourable]
        neu = None if q.neutral is None else [int(c) for c in q.neutral]
        if have is None:
            con.execute(
                "INSERT INTO survey_question (bank, question_code, label_en, label_ru, text_en, text_ru, theme, "
                "theme_ru, scale_min, scale_max, favourable, neutral, reverse_coded, batch_id, label_kk, text_kk, "
                "theme_kk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                    parsed.bank, q.question_code, str(q.label_en or q.question_code), _text(q.label_ru),
                    _text(q.text_en), _text(q.text_ru), _text(q.theme), _text(q.theme_ru), lo, hi, fav, neu,
                    bool(q.reverse_coded), batch_id, *(_text(getattr(q, f, None)) for f in KAZAKH_QUESTION_FIELDS)])
        elif parsed.level == "respondent" and tuple(have) != (lo, hi, fav, neu, bool(q.reverse_coded)):
            problems.append(coded("sv_recoded", {
                "code": q.question_code, "bank": parsed.bank, "low": have[0], "high": have[1],
                "favourable": str(have[2]), "neutral": str(have[3]), "reversed": str(have[4])},
                file=file_name, sheet=survey_read.CODEBOOK_SHEET if parsed.format == "survey_respondent" else None,
                column="question_code", value=q.question_code))
    if problems:
        raise ValidationError(f"{file_name}: the codebook disagrees with the question bank; nothing was loaded",
                              problems)


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) or value == "" else str(value)


def _write_respondents(con: duckdb.DuckDBPyConnection, parsed: ParsedSurvey, survey_ids: pd.Categorical,
                       batch_id: int) -> int:
    """Respondents (each in its survey), their groups and valid answers (long form, built by DuckDB's UNPIVOT)."""
    first = con.execute("SELECT coalesce(max(respondent_key), 0) + 1 FROM survey_respondent").fetchall()[0][0]
    resp = parsed.respondents
    keys = np.arange(first, first + len(resp), dtype=np.int32)
    base = pd.DataFrame({"survey_id": survey_ids, "respondent_key": keys,
                         "respondent_id": resp["respondent_id"].astype(str).to_numpy(),
                         "weight": resp["weight"].to_numpy(dtype=float), "batch_id": batch_id})
    _insert(con, "survey_respondent", base, "survey_id, respondent_key, respondent_id, weight, batch_id")
    if parsed.dimensions:  # columns renamed to positions, so no text from the file becomes an SQL identifier
        groups = resp[parsed.dimensions].fillna(NOT_STATED).astype(str)
        groups.columns = [f"g{i}" for i in range(len(parsed.dimensions))]
        _unpivot(con, groups.assign(respondent_key=keys, survey_id=survey_ids), parsed.dimensions,
                 "INSERT INTO survey_respondent_group SELECT u.survey_id, u.respondent_key, m.name, u.value, ? "
                 "FROM u JOIN names_df m USING (position)", [batch_id])
    answers = parsed.answers.astype("Int16")
    answers.columns = [f"g{i}" for i in range(answers.shape[1])]
    _unpivot(con, answers.assign(respondent_key=keys, survey_id=survey_ids), list(parsed.answers.columns),
             "INSERT INTO survey_answer SELECT u.survey_id, u.respondent_key, m.name, u.value, ? FROM u "
             "JOIN names_df m USING (position) WHERE u.value IS NOT NULL", [batch_id])
    con.execute("""
        INSERT INTO survey_cell
        SELECT a.survey_id, a.question_code, 'all', 'All', a.answer, count(*), sum(r.weight),
               sum(r.weight * r.weight), $batch
        FROM survey_answer a JOIN survey_respondent r USING (respondent_key)
        WHERE a.batch_id = $batch GROUP BY ALL
    """, {"batch": batch_id})
    con.execute(f"""
        INSERT INTO survey_theme_cell
        WITH {THEME_MOMENTS_SQL.format(answers="a.batch_id = $batch")}
        SELECT * FROM moments
    """, {"batch": batch_id})
    con.execute("""
        INSERT INTO survey_cell
        SELECT a.survey_id, a.question_code, g.dimension, g.group_name, a.answer, count(*), sum(r.weight),
               sum(r.weight * r.weight), $batch
        FROM survey_answer a JOIN survey_respondent r USING (respondent_key)
        JOIN survey_respondent_group g USING (respondent_key)
        WHERE a.batch_id = $batch GROUP BY ALL
    """, {"batch": batch_id})
    return len(resp)


def _unpivot(con: duckdb.DuckDBPyConnection, wide: pd.DataFrame, names: list[str], insert: str,
             params: list) -> None:
    """Turn `wide` (columns g0.., respondent_key, survey_id) into rows (respondent_key, survey_id, position, value)
    and insert."""
    con.register("wide_df", wide)
    con.register("names_df", pd.DataFrame({"position": [f"g{i}" for i in range(len(names))], "name": names}))
    on = ", ".join(f"g{i}" for i in range(len(names)))
    con.execute(f"WITH u AS (UNPIVOT wide_df ON {on} INTO NAME position VALUE value) {insert}", params)
    con.unregister("wide_df")
    con.unregister("names_df")


def rollback_survey_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> int:
    """Remove a batch's survey rows; questions it brought stay while another survey of the bank uses them."""
    removed = 0
    for table in SURVEY_TABLES:
        removed += con.execute(f"DELETE FROM {table} WHERE batch_id = ?", [batch_id]).fetchall()[0][0]
    con.execute(
        "UPDATE survey_question q SET batch_id = (SELECT min(s.batch_id) FROM survey s WHERE s.bank = q.bank) "
        "WHERE q.batch_id = ? AND EXISTS (SELECT 1 FROM survey s WHERE s.bank = q.bank)", [batch_id])
    con.execute("DELETE FROM survey_question WHERE batch_id = ?", [batch_id])
    return removed

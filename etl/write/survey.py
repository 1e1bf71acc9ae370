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
from store.queries import sql

SURVEY_TABLES = ("survey_theme_cell", "survey_cell", "survey_answer", "survey_respondent_group", "survey_respondent",
                 "survey_aggregate", "survey")  # children first; each has its delete_batch_<table> statement
KAZAKH_QUESTION_FIELDS = ("label_kk", "text_kk", "theme_kk")  # read when a question bank carries them


# Theme scores (store/queries/survey.sql, theme_moments): a fragment of common table expressions; {answers} is the
# condition that selects the answers. analytics.survey composes it too.
THEME_MOMENTS_SQL = sql("survey", "theme_moments")


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
    batches.add_source(con, source, batch_id)
    surveys = prepared.surveys
    clash = con.execute(sql("survey", "surveys_in_store"), [surveys["survey_id"].tolist()]).fetchall()
    if clash:
        raise ValidationError(f"{file_name}: surveys already in the store; nothing was loaded", [
            coded("sv_already_loaded", {"survey": sid, "batch": b}, file=file_name, value=sid) for sid, b in clash])
    _write_questions(con, parsed, batch_id, file_name)
    frame = surveys.assign(source_id=source.source_id, bank=parsed.bank, level=parsed.level, batch_id=batch_id)
    frame["population"] = pd.to_numeric(frame["population"], errors="coerce").round().astype("Int64")
    frame["response_rate"] = pd.to_numeric(frame["response_rate"], errors="coerce").astype("Float64")
    for column in ("fieldwork_start", "fieldwork_end"):
        frame[column] = pd.to_datetime(frame[column], errors="coerce")
    _insert(con, "insert_surveys", frame)
    added = 0
    if prepared.aggregates is not None:
        agg = prepared.aggregates.assign(batch_id=batch_id)
        agg["n"] = pd.to_numeric(agg["n"], errors="coerce").round().astype("Int64")
        _insert(con, "insert_aggregates", agg)
        added = len(agg)
    if parsed.respondents is not None:
        added = _write_respondents(con, parsed, prepared.respondent_surveys(), batch_id)
    con.execute(sql("survey", "remember_survey_min_n"), [str(settings().survey_min_n)])
    record = {**prepared.report.as_record(), "survey_level": parsed.level, "surveys": surveys["survey_id"].tolist(),
              **prepared.preview(), **({"demo_removed": demo_removed} if demo_removed else {}),
              **({"survey_form": parsed.recipe} if parsed.recipe else {})}
    con.execute(
        sql("survey", "record_batch"),
        [batch_id, file_name, sha256, parsed.format, source.source_id, added, user,
         json.dumps(record, ensure_ascii=False, default=str)],
    )
    batches.mark_current_editions(con)
    return {"batch_id": batch_id, "added": added, "demo_removed": demo_removed}


def _insert(con: duckdb.DuckDBPyConnection, statement: str, frame: pd.DataFrame) -> None:
    """Run the insert_* `statement` of store/queries/survey.sql on `frame` (registered as survey_df)."""
    con.register("survey_df", frame)
    con.execute(sql("survey", statement))
    con.unregister("survey_df")


def _write_questions(con: duckdb.DuckDBPyConnection, parsed: ParsedSurvey, batch_id: int, file_name: str) -> None:
    """New questions join the bank; a question already there must mean the same (same scale and coding)."""
    problems = []
    for q in parsed.questions.itertuples(index=False):
        have = con.execute(sql("survey", "stored_question"), [parsed.bank, q.question_code]).fetchall()
        have = have[0] if have else None
        lo = None if q.scale_min is None or pd.isna(q.scale_min) else int(q.scale_min)
        hi = None if q.scale_max is None or pd.isna(q.scale_max) else int(q.scale_max)
        fav = None if q.favourable is None else [int(c) for c in q.favourable]
        neu = None if q.neutral is None else [int(c) for c in q.neutral]
        if have is None:
            con.execute(
                sql("survey", "add_question"), [
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
    first = con.execute(sql("survey", "next_respondent_key")).fetchall()[0][0]
    resp = parsed.respondents
    keys = np.arange(first, first + len(resp), dtype=np.int32)
    base = pd.DataFrame({"survey_id": survey_ids, "respondent_key": keys,
                         "respondent_id": resp["respondent_id"].astype(str).to_numpy(),
                         "weight": resp["weight"].to_numpy(dtype=float), "batch_id": batch_id})
    _insert(con, "insert_respondents", base)
    if parsed.dimensions:  # columns renamed to positions, so no text from the file becomes an SQL identifier
        groups = resp[parsed.dimensions].fillna(NOT_STATED).astype(str)
        groups.columns = [f"g{i}" for i in range(len(parsed.dimensions))]
        _unpivot(con, groups.assign(respondent_key=keys, survey_id=survey_ids), parsed.dimensions,
                 "insert_respondent_groups", [batch_id])
    answers = parsed.answers.astype("Int16")
    answers.columns = [f"g{i}" for i in range(answers.shape[1])]
    _unpivot(con, answers.assign(respondent_key=keys, survey_id=survey_ids), list(parsed.answers.columns),
             "insert_answers", [batch_id])
    con.execute(sql("survey", "national_cells"), {"batch": batch_id})
    moments = THEME_MOMENTS_SQL.format(answers=sql("survey", "batch_answers"))
    con.execute(sql("survey", "insert_theme_cells").format(moments=moments), {"batch": batch_id})
    con.execute(sql("survey", "group_cells"), {"batch": batch_id})
    return len(resp)


def _unpivot(con: duckdb.DuckDBPyConnection, wide: pd.DataFrame, names: list[str], insert: str,
             params: list) -> None:
    """Turn `wide` (columns g0.., respondent_key, survey_id) into rows (respondent_key, survey_id, position, value)
    and insert them with the `insert` statement of store/queries/survey.sql."""
    con.register("wide_df", wide)
    con.register("names_df", pd.DataFrame({"position": [f"g{i}" for i in range(len(names))], "name": names}))
    con.execute(sql("survey", insert), params)
    con.unregister("wide_df")
    con.unregister("names_df")


def rollback_survey_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> int:
    """Remove a batch's survey rows; questions it brought stay while another survey of the bank uses them."""
    removed = 0
    for table in SURVEY_TABLES:
        removed += con.execute(sql("survey", f"delete_batch_{table}"), [batch_id]).fetchall()[0][0]
    con.execute(sql("survey", "hand_questions_on"), [batch_id])
    con.execute(sql("survey", "delete_batch_questions"), [batch_id])
    return removed

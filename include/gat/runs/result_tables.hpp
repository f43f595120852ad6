// Reading a run's result tables back (gat runs show --table NAME --top N).
#pragma once

#include <arrow/api.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gat/runs/run_store.hpp"

namespace gat::runs {

// Every file of `table` written by the run's done chunks (or, for a partial table, by its
// reduce step), in order, with the Hive partition columns (hour=3/) restored as trailing
// columns, every column with the type the run record keeps for it (TableInfo::columns), so
// that a CSV table reads as it was written. nullptr when there are no rows yet.
// Throws UsageError when the run has no such table.
std::shared_ptr<arrow::Table> read_result_table(const RunRecord& record, const std::string& table);

// A schema as the run record keeps it, and back (an Error for a type gat does not write).
std::vector<exec::Column> columns_of(const arrow::Schema& schema);
std::shared_ptr<arrow::Schema> schema_of(const std::vector<exec::Column>& columns);

// The chunks' shares of a partial table (what Study::reduce reads).
std::shared_ptr<arrow::Table> read_partial_table(const RunRecord& record, const std::string& table);

// The given rows of table, in the given order.
std::shared_ptr<arrow::Table> take_rows(const std::shared_ptr<arrow::Table>& table,
                                        const std::vector<std::int64_t>& rows);

// The n rows with the largest values of column (nulls last; ties keep table order).
std::shared_ptr<arrow::Table> top_rows(const std::shared_ptr<arrow::Table>& table,
                                       const std::string& column, std::int64_t n);

}  // namespace gat::runs

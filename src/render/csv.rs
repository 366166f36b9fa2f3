//! Each table of the report as CSV, with the cells as the report prints them.

use crate::report::Table;

/// A table as CSV bytes: a header row, then the rows.
pub fn table(table: &Table) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(&table.columns);
    for row in &table.rows {
        let _ = writer.write_record(row);
    }
    writer.into_inner().unwrap_or_default()
}

//! The JSON Schema of results.json: the contract others read a report's numbers by (a
//! portfolio reading partners' results.json validates them against it).

/// `schema/results.schema.json`, embedded so the binary can validate a results.json it reads.
pub const RESULTS_SCHEMA: &str = include_str!("../schema/results.schema.json");

#[cfg(test)]
mod tests {
    use super::RESULTS_SCHEMA;

    #[test]
    fn the_embedded_schema_parses_and_describes_results_json() {
        let schema: serde_json::Value = serde_json::from_str(RESULTS_SCHEMA).unwrap();
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["properties"]["tool"]["properties"]["name"]["const"], "impact");
        assert_eq!(schema["properties"]["flow_steps"]["items"]["properties"]["column"]["enum"][0], "main");
    }
}

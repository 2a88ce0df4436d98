import ConfgateDocument
import ConfgateEngine

/// confgate's history on one database, PostgreSQL or SQLite: the statements are written once,
/// with the few places the two dialects differ spelled out in `Dialect` (docs/database.md).
public final class HistoryStore {
    public let connection: any SQLConnection
    private var dialect: Dialect { Dialect(backend: connection.backend) }

    public init(connection: any SQLConnection) {
        self.connection = connection
    }

    /// Opens the store at `location`. The embedded SQLite store migrates itself (it needs no
    /// setup); a PostgreSQL store must have been migrated by `confgate db migrate`, which a CI job
    /// that only records may have no right to run.
    public static func open(_ location: DatabaseLocation, actor: String) throws(StoreError) -> HistoryStore {
        let connection = try location.open()
        let store = HistoryStore(connection: connection)
        do throws(StoreError) {
            let migrator = Migrator(connection: connection, actor: actor)
            let pending = try migrator.status().filter { !$0.isApplied }
            if !pending.isEmpty {
                guard connection.backend == .sqlite else {
                    throw StoreError.refused(
                        "\(connection.displayTarget) is not migrated (\(pending.count) of \(migrator.migrations.count) migrations pending); run confgate db migrate")
                }
                try migrator.up()
            }
        } catch {
            connection.close()
            throw error
        }
        return store
    }

    public func close() { connection.close() }

    // MARK: - Recording a lint run

    /// A template as `configuration_templates` holds it.
    public struct TemplateRecord: Sendable {
        /// The template file as `.confgate.yaml` names it (unique in a project, stable across runs).
        public var name: String
        /// `json-schema` or `shorthand`.
        public var type: String
        /// The JSON Schema, compact JSON (for a short-hand template, the schema generated from it).
        public var schemaJSON: String
        public var validationRules: [String]

        public init(name: String, type: String, schemaJSON: String, validationRules: [String]) {
            self.name = name
            self.type = type
            self.schemaJSON = schemaJSON
            self.validationRules = validationRules
        }
    }

    /// What one run recorded.
    public struct RecordSummary: Sendable, Equatable {
        /// Templates inserted or changed.
        public var templatesWritten: Int
        /// Configuration versions new to the database.
        public var versionsAdded: Int
        /// Configuration versions it already had (identical content: nothing written).
        public var versionsUnchanged: Int
    }

    /// Rows per multi-row INSERT: 9 parameters each stays far below both servers' parameter limits
    /// (PostgreSQL 65535, SQLite 32766), and a few statements carry thousands of rows.
    static let batchRows = 500

    /// Records `templates` and `snapshots` in one transaction: all of it or, if anything fails
    /// (the server goes away, a row-level security policy refuses an environment), none of it.
    public func record(
        templates: [TemplateRecord], snapshots: [ConfigurationSnapshot], invalid: (Finding) -> Bool, actor: String
    ) throws(StoreError) -> RecordSummary {
        var summary = RecordSummary(templatesWritten: 0, versionsAdded: 0, versionsUnchanged: 0)
        try inTransaction { () throws(StoreError) in
            try setActor(actor)
            // Always the same order, so concurrent runs writing the same rows wait for each other
            // instead of deadlocking.
            for template in templates.sorted(by: { ($0.name, $0.type) < ($1.name, $1.type) }) {
                let rows = try connection.query(
                    """
                    INSERT INTO configuration_templates (template_name, template_type, schema_definition, validation_rules)
                    VALUES ($1, $2, $3\(dialect.cast("jsonb")), $4\(dialect.cast("jsonb")))
                    ON CONFLICT (template_name, template_type) DO UPDATE
                    SET schema_definition = excluded.schema_definition, validation_rules = excluded.validation_rules,
                        updated_at = CURRENT_TIMESTAMP
                    WHERE configuration_templates.schema_definition IS DISTINCT FROM excluded.schema_definition
                       OR configuration_templates.validation_rules IS DISTINCT FROM excluded.validation_rules
                    RETURNING id
                    """,
                    [.text(template.name), .text(template.type), .text(template.schemaJSON),
                     .text(HistoryStore.jsonArray(template.validationRules))])
                summary.templatesWritten += rows.count
            }
            var templateIDs: [String: Int64] = [:]
            for row in try connection.query("SELECT id, template_name FROM configuration_templates") {
                if let id = row[0].flatMap({ Int64($0) }), let name = row[1] { templateIDs[name] = id }
            }
            let ordered = snapshots.sorted { ($0.environment, $0.service, $0.version) < ($1.environment, $1.service, $1.version) }
            var start = 0
            while start < ordered.count {
                let candidates = ordered[start..<min(start + HistoryStore.batchRows, ordered.count)]
                start += candidates.count
                // Most of a CI run's configurations are already recorded: asking for their keys
                // first spares sending (and the server parsing) their JSON only to be told they
                // conflict (re-recording the corpus: +1.7 s over the lint before, +0.5 s after).
                // ON CONFLICT below still settles a race with a concurrent run.
                let known = try knownVersions(candidates)
                let batch = candidates.filter { !known.contains(RowKey($0)) }
                summary.versionsUnchanged += candidates.count - batch.count
                if batch.isEmpty { continue }
                var values: [String] = []
                var parameters: [SQLValue] = []
                for snapshot in batch {
                    let n = parameters.count
                    values.append(
                        "($\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4)\(dialect.cast("jsonb")), $\(n + 5)\(dialect.cast("text[]")), $\(n + 6)\(dialect.cast("integer")), $\(n + 7), $\(n + 8)\(dialect.cast("jsonb")), $\(n + 9))"
                    )
                    let errors = snapshot.findings.filter(invalid)
                    parameters += [
                        .text(snapshot.environment), .text(snapshot.service), .text(snapshot.version),
                        .text(snapshot.json), .text(dialect.textArray(snapshot.secretPaths)),
                        snapshot.templateFile.flatMap { templateIDs[$0] }.map(SQLValue.integer) ?? .null,
                        .text(errors.isEmpty ? "valid" : "invalid"), .text(HistoryStore.findingsJSON(snapshot.findings)),
                        .text(actor),
                    ]
                }
                let inserted = try connection.query(
                    """
                    INSERT INTO environment_configurations (environment, service_name, config_version, configuration_data,
                        encrypted_fields, template_id, validation_status, validation_errors, created_by)
                    VALUES \(values.joined(separator: ", "))
                    ON CONFLICT (environment, service_name, config_version) DO NOTHING
                    RETURNING id
                    """, parameters)
                summary.versionsAdded += inserted.count
                summary.versionsUnchanged += batch.count - inserted.count
            }
        }
        return summary
    }

    /// (environment, service, version): what makes a configuration row unique.
    private struct RowKey: Hashable {
        var environment: String
        var service: String
        var version: String

        init(_ snapshot: ConfigurationSnapshot) {
            self.init(environment: snapshot.environment, service: snapshot.service, version: snapshot.version)
        }

        init(environment: String, service: String, version: String) {
            self.environment = environment
            self.service = service
            self.version = version
        }
    }

    /// Which of `snapshots` the database already holds.
    private func knownVersions(_ snapshots: ArraySlice<ConfigurationSnapshot>) throws(StoreError) -> Set<RowKey> {
        var rows: [String] = []
        var parameters: [SQLValue] = []
        for snapshot in snapshots {
            let n = parameters.count
            rows.append("($\(n + 1), $\(n + 2), $\(n + 3))")
            parameters += [.text(snapshot.environment), .text(snapshot.service), .text(snapshot.version)]
        }
        let found = try connection.query(
            """
            SELECT environment, service_name, config_version FROM environment_configurations
            WHERE (environment, service_name, config_version) IN (VALUES \(rows.joined(separator: ", ")))
            """, parameters)
        return Set(found.map { RowKey(environment: $0[0] ?? "", service: $0[1] ?? "", version: $0[2] ?? "") })
    }

    // MARK: - Deployments

    public enum DeploymentStatus: String, Sendable, CaseIterable {
        case succeeded, failed
    }

    public enum DeploymentMethod: String, Sendable, CaseIterable {
        case automated, manual, rollback
    }

    public struct DeploymentRequest: Sendable {
        public var environment: String
        public var service: String
        public var version: String
        public var status: DeploymentStatus
        public var method: DeploymentMethod
        public var actor: String
        public var errorDetails: String?
        /// Record even a version that was never validated, or was invalid.
        public var force: Bool

        public init(
            environment: String, service: String, version: String, status: DeploymentStatus, method: DeploymentMethod,
            actor: String, errorDetails: String? = nil, force: Bool = false
        ) {
            self.environment = environment
            self.service = service
            self.version = version
            self.status = status
            self.method = method
            self.actor = actor
            self.errorDetails = errorDetails
            self.force = force
        }
    }

    /// Why a deployment was refused (exit 1: the request is understood, the answer is no).
    public enum DeploymentRefusal: Error, Sendable, Equatable {
        case neverValidated(service: String, environment: String, version: String)
        case invalid(service: String, environment: String, version: String)

        public var message: String {
            switch self {
            case .neverValidated(let service, let environment, let version):
                "version \(version) of \(service) in \(environment) was never validated (no lint --record recorded it); record it first, or pass --force"
            case .invalid(let service, let environment, let version):
                "version \(version) of \(service) in \(environment) failed validation; fix it, or pass --force to record the deployment anyway"
            }
        }
    }

    /// Records a deployment done by the team's pipeline and sets the deployment status of the
    /// configuration version it deployed. Returns the deployment id.
    public func recordDeployment(_ request: DeploymentRequest) throws(StoreError) -> Result<String, DeploymentRefusal> {
        var outcome: Result<String, DeploymentRefusal> = .success("")
        try inTransaction { () throws(StoreError) in
            try setActor(request.actor)
            let key: [SQLValue] = [.text(request.environment), .text(request.service), .text(request.version)]
            let found = try connection.query(
                "SELECT validation_status FROM environment_configurations WHERE environment = $1 AND service_name = $2 AND config_version = $3",
                key)
            if !request.force {
                guard let status = found.first?.first ?? nil else {
                    outcome = .failure(.neverValidated(service: request.service, environment: request.environment, version: request.version))
                    return
                }
                if status != "valid" {
                    outcome = .failure(.invalid(service: request.service, environment: request.environment, version: request.version))
                    return
                }
            }
            let rows = try connection.query(
                """
                INSERT INTO configuration_deployments (environment, service_name, config_version, deployment_method,
                    deployment_status, deployed_by, deployment_completed_at, rollback_version, error_details)
                VALUES ($1, $2, $3, $4, $5, $6, \(dialect.now), $7, $8)
                RETURNING deployment_id
                """,
                key + [
                    .text(request.method.rawValue), .text(request.status.rawValue), .text(request.actor),
                    request.method == .rollback ? .text(request.version) : .null,
                    request.errorDetails.map(SQLValue.text) ?? .null,
                ])
            if !found.isEmpty {
                try connection.query(
                    """
                    UPDATE environment_configurations
                    SET deployment_status = CAST($4 AS VARCHAR(20)),
                        deployed_at = CASE WHEN CAST($4 AS VARCHAR(20)) = 'succeeded' THEN \(dialect.now) ELSE deployed_at END
                    WHERE environment = $1 AND service_name = $2 AND config_version = $3
                    """, key + [.text(request.status.rawValue)])
            }
            outcome = .success((rows.first?.first ?? nil) ?? "")
        }
        return outcome
    }

    // MARK: - Reading the history

    /// One recorded configuration version.
    public struct VersionEntry: Sendable, Equatable {
        public var service: String
        public var environment: String
        public var version: String
        public var validationStatus: String
        public var deploymentStatus: String
        public var recordedAt: String
        public var recordedBy: String
        public var deployedAt: String?
        public var findingCount: Int
    }

    /// The versions recorded for `environment` (and `service`), newest first per service.
    public func history(environment: String, service: String?) throws(StoreError) -> [VersionEntry] {
        var sql = """
            SELECT service_name, environment, config_version, validation_status, deployment_status, created_at, created_by,
                deployed_at, \(dialect.arrayLength("validation_errors"))
            FROM environment_configurations WHERE environment = $1
            """
        var parameters: [SQLValue] = [.text(environment)]
        if let service {
            sql += " AND service_name = $2"
            parameters.append(.text(service))
        }
        sql += " ORDER BY service_name, created_at DESC, id DESC"
        return try connection.query(sql, parameters).map { row in
            VersionEntry(
                service: row[0] ?? "", environment: row[1] ?? "", version: row[2] ?? "", validationStatus: row[3] ?? "",
                deploymentStatus: row[4] ?? "", recordedAt: HistoryStore.timestamp(row[5]) ?? "", recordedBy: row[6] ?? "",
                deployedAt: HistoryStore.timestamp(row[7]), findingCount: Int(row[8] ?? "") ?? 0)
        }
    }

    /// The configuration last recorded as successfully deployed to `environment` for `service`.
    public struct DeployedConfiguration: Sendable {
        public var version: String
        public var deployedAt: String?
        public var deployedBy: String?
        /// The stored configuration (secrets redacted); `nil` when the deployment was recorded
        /// with `--force` for a version no lint recorded.
        public var data: DocumentValue?
    }

    public func lastDeployed(environment: String, service: String) throws(StoreError) -> DeployedConfiguration? {
        let rows = try connection.query(
            """
            SELECT d.config_version, d.deployment_completed_at, d.deployed_by, \(dialect.jsonText("c.configuration_data"))
            FROM configuration_deployments d
            LEFT JOIN environment_configurations c
              ON c.environment = d.environment AND c.service_name = d.service_name AND c.config_version = d.config_version
            WHERE d.environment = $1 AND d.service_name = $2 AND d.deployment_status = 'succeeded'
            ORDER BY d.id DESC LIMIT 1
            """, [.text(environment), .text(service)])
        guard let row = rows.first else { return nil }
        let data = row[3].flatMap(ConfigurationSnapshot.value(ofJSON:))
        return DeployedConfiguration(version: row[0] ?? "", deployedAt: HistoryStore.timestamp(row[1]), deployedBy: row[2], data: data)
    }

    // MARK: - Helpers

    private func inTransaction(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        try connection.execute(script: dialect.begin)
        do throws(StoreError) {
            try body()
            try connection.execute(script: "COMMIT")
        } catch {
            try? connection.execute(script: "ROLLBACK")
            throw error
        }
    }

    /// Names the actor for the audit log's triggers, for this transaction only.
    private func setActor(_ actor: String) throws(StoreError) {
        switch connection.backend {
        case .postgres:
            try connection.query("SELECT set_config('confgate.actor', $1, true)", [.text(actor)])
        case .sqlite:
            try connection.query(
                "INSERT INTO audit_context (id, actor) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET actor = excluded.actor",
                [.text(actor)])
        }
    }

    static func jsonArray(_ strings: [String]) -> String {
        "[" + strings.map(JSONWriter.quoted).joined(separator: ",") + "]"
    }

    /// The findings as `validation_errors` holds them: rule, severity, message (already free of
    /// secret values: every message is scrubbed before it is reported), file, line, column, pointer.
    static func findingsJSON(_ findings: [Finding]) -> String {
        "[" + findings.map { finding in
            var members = [
                "\"rule\":" + JSONWriter.quoted(finding.rule), "\"severity\":" + JSONWriter.quoted(finding.severity.rawValue),
                "\"message\":" + JSONWriter.quoted(finding.message), "\"file\":" + JSONWriter.quoted(finding.file),
            ]
            if let start = finding.range?.start { members += ["\"line\":\(start.line)", "\"column\":\(start.column)"] }
            if let pointer = finding.pointer { members.append("\"pointer\":" + JSONWriter.quoted(pointer)) }
            return "{" + members.joined(separator: ",") + "}"
        }.joined(separator: ",") + "]"
    }

    /// `2026-11-28T15:04:05`: both backends' timestamps, to the second.
    public static func timestamp(_ text: String?) -> String? {
        guard let text, text.count >= 19 else { return text }
        return String(text.prefix(19)).replacingFirstSpace(with: "T")
    }
}

/// The few places PostgreSQL and SQLite spell things differently.
struct Dialect {
    let backend: SQLBackend

    /// A cast for a text parameter going into a column of `type` (SQLite stores the text as it is).
    func cast(_ type: String) -> String { backend == .postgres ? "::" + type : "" }

    /// Writers take the database lock at once: SQLite would otherwise start a read transaction and
    /// fail to upgrade it when another writer got there first.
    var begin: String { backend == .postgres ? "BEGIN" : "BEGIN IMMEDIATE" }

    var now: String { backend == .postgres ? "CURRENT_TIMESTAMP" : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" }

    /// A list of strings as the `encrypted_fields` column takes it: PostgreSQL's `text[]` literal,
    /// SQLite's JSON array.
    func textArray(_ strings: [String]) -> String {
        guard backend == .postgres else { return HistoryStore.jsonArray(strings) }
        return "{" + strings.map { s in
            "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }

    func arrayLength(_ column: String) -> String {
        backend == .postgres ? "coalesce(jsonb_array_length(\(column)), 0)" : "coalesce(json_array_length(\(column)), 0)"
    }

    func jsonText(_ column: String) -> String { backend == .postgres ? column + "::text" : column }
}

extension String {
    func replacingFirstSpace(with replacement: String) -> String {
        guard let i = firstIndex(of: " ") else { return self }
        return self[..<i] + replacement + self[index(after: i)...]
    }
}

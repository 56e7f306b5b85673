import FacteurModel

/// What is wrong with one cell (or row, or header) of a directory file.
public struct DirectoryFileProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line of the row in the file (1: the header).
    public var line: Int
    /// The column's name in the header, when the problem is one cell's.
    public var column: String?
    public var value: String?
    public var why: String

    public var description: String {
        let place = column.map { "\(file) line \(line), column \($0)" } ?? "\(file) line \(line)"
        return value.map { "\(place): '\($0)': \(why)" } ?? "\(place): \(why)"
    }
}

/// A directory file refused whole: every bad row and cell is listed.
public struct DirectoryFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [DirectoryFileProblem]

    public var description: String {
        "the directory is refused, \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}

/// The two files of the directory (`structures.csv`, `services.csv`), read as
/// `../shared/specs/directory.md` describes them: UTF-8, `;`-separated, one header row, columns in
/// any order, unknown columns ignored, booleans `true` / `false`, an empty optional cell "not set".
/// A cell may be written in double quotes (a `;` or a line break inside, `""` for a quote), as
/// spreadsheets write them. Any bad row refuses the whole directory.
public enum DirectoryFiles {
    static let structureColumns = ["siret", "name", "active", "successor_siret", "service_required", "engagement_required",
                                   "service_or_engagement", "payment_status_managed", "moa_only", "edi_connection"]
    static let structureOptional: Set<String> = ["successor_siret", "edi_connection"]
    static let serviceColumns = ["siret", "code", "name", "active", "engagement_required", "valid_from", "valid_to", "edi_excluded"]
    static let serviceOptional: Set<String> = ["valid_from", "valid_to"]
    /// The longest service code.
    public static let serviceCodeMaxLength = 100

    /// The directory in the two files' bytes, or every problem found in them.
    public static func read(structures structuresBytes: [UInt8], services servicesBytes: [UInt8],
                            structuresName: String = "structures.csv", servicesName: String = "services.csv")
        throws(DirectoryFileError) -> (structures: [PublicStructure], services: [PublicService]) {
        var structures: [PublicStructure] = []
        var services: [PublicService] = []
        do {
            try read(structures: structuresBytes, services: servicesBytes, structuresName: structuresName, servicesName: servicesName) {
                switch $0 {
                case .structure(let structure): structures.append(structure)
                case .service(let service): services.append(service)
                }
            }
        } catch let error as DirectoryFileError {
            throw error
        } catch {
            preconditionFailure("the records are only collected: \(error)")
        }
        return (structures, services)
    }

    /// A record of the directory files.
    public enum Record: Sendable {
        case structure(PublicStructure)
        case service(PublicService)
    }

    /// Reads the two files row by row, handing each good record to `body` as it goes (a directory
    /// the size of Chorus Pro's is not held in memory), then throws `DirectoryFileError` with every
    /// problem found if there is any: whatever `body` did with the records must then be undone (the
    /// import runs it in a transaction it rolls back). Rethrows what `body` throws.
    public static func read(structures structuresBytes: [UInt8], services servicesBytes: [UInt8],
                            structuresName: String = "structures.csv", servicesName: String = "services.csv",
                            _ body: (Record) throws -> Void) throws {
        // The problems of the files' shape, and those of the rows' cells.
        var problems: [DirectoryFileProblem] = [], rowProblems: [DirectoryFileProblem] = []
        var sirets: [String: Int] = [:]
        try forEachRow(structuresBytes, name: structuresName, columns: structureColumns, optional: structureOptional, into: &problems) { row in
            var cells = Cells(row: row, file: structuresName)
            let siret = cells.siret("siret")
            let structure = PublicStructure(
                siret: siret ?? "", name: cells.text("name"), active: cells.boolean("active"),
                successorSIRET: cells.optionalSIRET("successor_siret"), serviceRequired: cells.boolean("service_required"),
                engagementRequired: cells.boolean("engagement_required"), serviceOrEngagement: cells.boolean("service_or_engagement"),
                paymentStatusManaged: cells.boolean("payment_status_managed"), moaOnly: cells.boolean("moa_only"),
                ediConnection: cells.optionalText("edi_connection"))
            if let siret {
                if let first = sirets[siret] {
                    cells.problem("siret", siret, "the structure is listed twice (first at line \(first))")
                } else {
                    sirets[siret] = row.line
                }
            }
            if cells.problems.isEmpty { try body(.structure(structure)) }
            rowProblems += cells.problems
        }
        var codes: [String: Int] = [:]
        try forEachRow(servicesBytes, name: servicesName, columns: serviceColumns, optional: serviceOptional, into: &problems) { row in
            var cells = Cells(row: row, file: servicesName)
            let siret = cells.siret("siret")
            let code = cells.text("code")
            if code.unicodeScalars.count > serviceCodeMaxLength {
                cells.problem("code", code, "expected at most \(serviceCodeMaxLength) characters")
            }
            let service = PublicService(
                siret: siret ?? "", code: code, name: cells.text("name"), active: cells.boolean("active"),
                engagementRequired: cells.boolean("engagement_required"), validFrom: cells.optionalDate("valid_from"),
                validTo: cells.optionalDate("valid_to"), ediExcluded: cells.boolean("edi_excluded"))
            if let from = service.validFrom, let to = service.validTo, to < from {
                cells.problem("valid_to", "\(to)", "the service would end (\(to)) before it starts (\(from))")
            }
            if let siret {
                if sirets[siret] == nil {
                    cells.problem("siret", siret, "no structure of \(structuresName) has this SIRET")
                }
                let key = siret + ";" + code
                if let first = codes[key], !code.isEmpty {
                    cells.problem("code", code, "the structure has this service twice (first at line \(first))")
                } else {
                    codes[key] = row.line
                }
            }
            if cells.problems.isEmpty { try body(.service(service)) }
            rowProblems += cells.problems
        }
        problems += rowProblems
        guard problems.isEmpty else {
            // In the order of the files and of their lines (a row's cell count is found before its cells).
            let ordered = problems.enumerated().sorted {
                ($0.element.file == servicesName ? 1 : 0, $0.element.line, $0.offset)
                    < ($1.element.file == servicesName ? 1 : 0, $1.element.line, $1.offset)
            }
            throw DirectoryFileError(problems: ordered.map(\.element))
        }
    }

    /// One data row: its line, and its cells by column name.
    struct Row {
        let line: Int
        let cells: [String: String]
    }

    /// The data rows of a file whose header has every column of `columns` (`optional` ones may be
    /// missing), one at a time; a row with another number of cells than the header, or a cell that is
    /// not UTF-8, is a problem, not a row.
    static func forEachRow(_ bytes: [UInt8], name: String, columns: [String], optional: Set<String>,
                           into problems: inout [DirectoryFileProblem], _ body: (Row) throws -> Void) rethrows {
        var names: [String]?
        var failed = false
        // A byte order mark is skipped.
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        try CSV.forEachRecord(bytes[start...]) { line, fields in
            guard !failed else { return }
            guard let header = names else {
                let read = fields.map { $0.map { String($0.trimmingXMLSpace()) } ?? "" }
                for column in columns where !optional.contains(column) && !read.contains(column) {
                    problems.append(DirectoryFileProblem(file: name, line: line, column: column, value: nil,
                                                         why: "the header has no column \(column)"))
                    failed = true
                }
                for (index, column) in read.enumerated() where read[..<index].contains(column) {
                    problems.append(DirectoryFileProblem(file: name, line: line, column: column, value: nil,
                                                         why: "the column is named twice in the header"))
                    failed = true
                }
                if fields.contains(where: { $0 == nil }) {
                    problems.append(DirectoryFileProblem(file: name, line: line, column: nil, value: nil, why: "not UTF-8 text"))
                    failed = true
                }
                names = read
                return
            }
            if fields.count == 1, fields[0] == "" { return }  // a blank line
            guard fields.count == header.count else {
                problems.append(DirectoryFileProblem(file: name, line: line, column: nil, value: nil,
                                                     why: "\(fields.count) cells, expected \(header.count) as in the header"))
                return
            }
            var cells: [String: String] = [:]
            var bad = false
            for (column, value) in zip(header, fields) where columns.contains(column) {
                guard let value else {
                    problems.append(DirectoryFileProblem(file: name, line: line, column: column, value: nil, why: "not UTF-8 text"))
                    bad = true
                    continue
                }
                cells[column] = value
            }
            if !bad { try body(Row(line: line, cells: cells)) }
        }
        if names == nil {
            problems.append(DirectoryFileProblem(file: name, line: 1, column: nil, value: nil, why: "empty: expected a header row"))
        }
    }

    /// The cells of one row, read with the problems they have.
    struct Cells {
        let row: Row
        let file: String
        var problems: [DirectoryFileProblem] = []

        init(row: Row, file: String) {
            self.row = row
            self.file = file
        }

        mutating func problem(_ column: String, _ value: String?, _ why: String) {
            problems.append(DirectoryFileProblem(file: file, line: row.line, column: column, value: value, why: why))
        }

        mutating func text(_ column: String) -> String {
            let value = row.cells[column] ?? ""
            if value.trimmingXMLSpace().isEmpty { problem(column, value, "expected a value") }
            return value
        }

        func optionalText(_ column: String) -> String? {
            guard let value = row.cells[column], !value.trimmingXMLSpace().isEmpty else { return nil }
            return value
        }

        mutating func boolean(_ column: String) -> Bool {
            switch row.cells[column] ?? "" {
            case "true": return true
            case "false": return false
            case let value:
                problem(column, value, "expected true or false")
                return false
            }
        }

        mutating func siret(_ column: String) -> String? {
            let value = row.cells[column] ?? ""
            if let why = FrenchCompanyNumber.siretProblem(value) {
                problem(column, value, "not a SIRET: \(why)")
                return nil
            }
            return value
        }

        mutating func optionalSIRET(_ column: String) -> String? {
            guard optionalText(column) != nil else { return nil }
            return siret(column)
        }

        mutating func optionalDate(_ column: String) -> CalendarDate? {
            guard let value = optionalText(column) else { return nil }
            guard let date = CalendarDate(xsDate: value), value.utf8.count == 10 else {
                problem(column, value, "expected a date written YYYY-MM-DD")
                return nil
            }
            return date
        }
    }
}

/// `;`-separated records, double quotes around a cell that holds `;`, a quote (`""`) or a line
/// break. Lines end with LF or CRLF. Each cell is checked to be UTF-8 (nil when it is not).
public enum CSV {
    /// Calls `body` with each record: the 1-based line where it starts, and its cells.
    public static func forEachRecord(_ bytes: ArraySlice<UInt8>, _ body: (Int, [String?]) throws -> Void) rethrows {
        var fields: [String?] = []
        var field: [UInt8] = []
        var quoted = false, inQuotes = false, any = false
        var line = 1, recordLine = 1
        var index = bytes.startIndex
        func endField() {
            fields.append(String(validating: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            any = true
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.endIndex, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\""), field.isEmpty, !quoted {
                inQuotes = true
                quoted = true
            } else if byte == UInt8(ascii: ";") {
                endField()
            } else if byte == 0x0A || (byte == 0x0D && index + 1 < bytes.endIndex && bytes[index + 1] == 0x0A) {
                if byte == 0x0D { index += 1 }
                endField()
                try body(recordLine, fields)
                fields.removeAll(keepingCapacity: true)
                any = false
                line += 1
                recordLine = line
            } else {
                field.append(byte)
            }
            index += 1
        }
        if any {
            endField()
            try body(recordLine, fields)
        }
    }
}

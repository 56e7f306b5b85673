// swift-tools-version: 6.0
import PackageDescription

// Facteur: EDI batch-flow processor for electronic invoices (EN 16931, French e-invoicing reform).
// No third-party Swift packages: Foundation, XCTest/Swift Testing and C system libraries only.
let package = Package(
    name: "Facteur",
    products: [
        .executable(name: "facteur", targets: ["facteur"]),
        .library(name: "FacteurModel", targets: ["FacteurModel"]),
        .library(name: "FacteurXML", targets: ["FacteurXML"]),
    ],
    targets: [
        // C system libraries, each a module map plus a shim header.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // glibc and Linux calls Swift's Glibc module lacks (heap policy, libxml2's arena; later renameat2, inotify).
        // DWARF 4: valgrind (callgrind, used to profile) cannot read clang's DWARF 5 for thread-locals.
        .target(name: "CFacteurLinux", cSettings: [.unsafeFlags(["-gdwarf-4"])]),

        // The EN 16931 semantic model: value types, exact decimals, findings. No C, no I/O.
        .target(name: "FacteurModel"),

        // Hardened libxml2 layer, syntax detection and the UBL / CII readers into the model.
        .target(name: "FacteurXML", dependencies: ["CLibXML2", "CFacteurLinux", "FacteurModel"]),

        // The rules: the official rule catalogue as data, the checks as code.
        .target(name: "FacteurRules", dependencies: ["FacteurModel", "FacteurXML"], exclude: ["Catalogue"]),

        // The SQLite state database: connections, statements, transactions.
        .target(name: "FacteurState", dependencies: ["CSQLite"]),

        // The directory of public recipients and routing (B2G): pure decisions on the model, and
        // the directory kept in the state database.
        .target(name: "FacteurDirectory", dependencies: ["FacteurModel", "FacteurState"]),

        // The flow engine: intake of the inbox, the state of flows and invoices, lifecycle messages
        // (CDAR), reports and deliveries, written exactly once.
        .target(
            name: "FacteurFlow",
            dependencies: ["FacteurModel", "FacteurXML", "FacteurRules", "FacteurDirectory", "FacteurState", "CFacteurLinux"]),

        // The commands (argument parsing, reports); the executable is a thin shell around it.
        .target(
            name: "FacteurCLI",
            dependencies: ["FacteurModel", "FacteurXML", "FacteurRules", "FacteurDirectory", "FacteurState", "FacteurFlow", "CFacteurLinux"]),
        .executableTarget(name: "facteur", dependencies: ["FacteurCLI", "CFacteurLinux"]),

        // Locating ../shared and the built executable, for tests and benchmarks.
        .target(name: "FacteurTestSupport", dependencies: ["CLibXML2", "FacteurDirectory"]),

        .testTarget(name: "FacteurModelTests", dependencies: ["FacteurModel"]),
        .testTarget(
            name: "FacteurXMLTests",
            dependencies: ["FacteurXML", "FacteurModel", "FacteurTestSupport", "CLibXML2", "CSQLite", "CFacteurLinux"]),
        .testTarget(
            name: "FacteurConformanceTests",
            dependencies: ["FacteurRules", "FacteurXML", "FacteurModel", "FacteurTestSupport"]),
        .testTarget(
            name: "FacteurDirectoryTests",
            dependencies: ["FacteurDirectory", "FacteurState", "FacteurXML", "FacteurModel", "FacteurTestSupport"]),
        .testTarget(
            name: "FacteurFlowTests",
            dependencies: ["FacteurFlow", "FacteurDirectory", "FacteurState", "FacteurModel", "FacteurTestSupport", "CLibXML2", "CFacteurLinux"]),
        .testTarget(
            name: "FacteurCLITests",
            dependencies: ["FacteurCLI", "FacteurFlow", "FacteurModel", "FacteurDirectory", "FacteurState", "FacteurTestSupport", "facteur"]),
    ]
)

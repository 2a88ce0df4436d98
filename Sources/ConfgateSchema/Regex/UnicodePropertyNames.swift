// The names ECMA-262 accepts inside \p{...} and \P{...} (tables "Non-binary Unicode property aliases",
// "Value aliases and canonical values for the Unicode property General_Category", "Binary Unicode
// property aliases" and "Value aliases ... Script and Script_Extensions"). ECMA-262 matches these names
// exactly (case-sensitive, no loose matching), while PCRE2 matches loosely and knows only the short
// General_Category names, so every name is checked here and rewritten to what PCRE2 expects.

/// What a `\p{...}` escape stands for once its ECMA-262 name is resolved.
enum UnicodePropertyTarget: Equatable {
    /// A PCRE2 property body, written as `\p{BODY}` or `\P{BODY}`.
    case pcre2(String)
    /// A fixed set of code points (ASCII, Any, Bidi_Mirrored).
    case codePoints([ClosedRange<UInt32>])
}

enum UnicodePropertyNames {
    /// Resolves `name=value` (when `value` is non-nil) or a lone `name`; nil when ECMA-262 rejects it.
    static func resolve(name: String, value: String?) -> UnicodePropertyTarget? {
        guard let value else {
            if let category = generalCategories[name] { return .pcre2(category) }
            return binaryProperties[name]
        }
        switch name {
        case "General_Category", "gc":
            return generalCategories[value].map { .pcre2($0) }
        case "Script", "sc":
            return scriptTarget(value, extensions: false)
        case "Script_Extensions", "scx":
            return scriptTarget(value, extensions: true)
        default:
            return nil
        }
    }

    private static func scriptTarget(_ value: String, extensions: Bool) -> UnicodePropertyTarget? {
        guard let canonical = scripts[value] else { return nil }
        return .pcre2((extensions ? "scx:" : "sc:") + canonical)
    }

    // MARK: - General_Category

    /// ECMA-262 General_Category values and aliases, mapped to PCRE2's short names.
    static let generalCategories: [String: String] = {
        let table: [(short: String, aliases: [String])] = [
            ("C", ["Other"]), ("Cc", ["Control", "cntrl"]), ("Cf", ["Format"]), ("Cn", ["Unassigned"]),
            ("Co", ["Private_Use"]), ("Cs", ["Surrogate"]),
            ("L", ["Letter"]), ("LC", ["Cased_Letter"]), ("Ll", ["Lowercase_Letter"]),
            ("Lm", ["Modifier_Letter"]), ("Lo", ["Other_Letter"]), ("Lt", ["Titlecase_Letter"]),
            ("Lu", ["Uppercase_Letter"]),
            ("M", ["Mark", "Combining_Mark"]), ("Mc", ["Spacing_Mark"]), ("Me", ["Enclosing_Mark"]),
            ("Mn", ["Nonspacing_Mark"]),
            ("N", ["Number"]), ("Nd", ["Decimal_Number", "digit"]), ("Nl", ["Letter_Number"]),
            ("No", ["Other_Number"]),
            ("P", ["Punctuation", "punct"]), ("Pc", ["Connector_Punctuation"]), ("Pd", ["Dash_Punctuation"]),
            ("Pe", ["Close_Punctuation"]), ("Pf", ["Final_Punctuation"]), ("Pi", ["Initial_Punctuation"]),
            ("Po", ["Other_Punctuation"]), ("Ps", ["Open_Punctuation"]),
            ("S", ["Symbol"]), ("Sc", ["Currency_Symbol"]), ("Sk", ["Modifier_Symbol"]),
            ("Sm", ["Math_Symbol"]), ("So", ["Other_Symbol"]),
            ("Z", ["Separator"]), ("Zl", ["Line_Separator"]), ("Zp", ["Paragraph_Separator"]),
            ("Zs", ["Space_Separator"]),
        ]
        var names: [String: String] = [:]
        for (short, aliases) in table {
            // PCRE2 spells Cased_Letter "L&".
            let body = short == "LC" ? "L&" : short
            names[short] = body
            for alias in aliases { names[alias] = body }
        }
        return names
    }()

    // MARK: - Binary properties

    /// ECMA-262 binary properties and their aliases. PCRE2 (10.40 and later) knows the Unicode ones
    /// by their long names; ASCII, Any and Assigned are ECMA-262's own.
    static let binaryProperties: [String: UnicodePropertyTarget] = {
        let unicode: [(name: String, alias: String?)] = [
            ("ASCII_Hex_Digit", "AHex"), ("Alphabetic", "Alpha"), ("Bidi_Control", "Bidi_C"),
            ("Bidi_Mirrored", "Bidi_M"), ("Case_Ignorable", "CI"), ("Cased", nil),
            ("Changes_When_Casefolded", "CWCF"), ("Changes_When_Casemapped", "CWCM"),
            ("Changes_When_Lowercased", "CWL"), ("Changes_When_NFKC_Casefolded", "CWKCF"),
            ("Changes_When_Titlecased", "CWT"), ("Changes_When_Uppercased", "CWU"), ("Dash", nil),
            ("Default_Ignorable_Code_Point", "DI"), ("Deprecated", "Dep"), ("Diacritic", "Dia"),
            ("Emoji", nil), ("Emoji_Component", "EComp"), ("Emoji_Modifier", "EMod"),
            ("Emoji_Modifier_Base", "EBase"), ("Emoji_Presentation", "EPres"),
            ("Extended_Pictographic", "ExtPict"), ("Extender", "Ext"), ("Grapheme_Base", "Gr_Base"),
            ("Grapheme_Extend", "Gr_Ext"), ("Hex_Digit", "Hex"), ("IDS_Binary_Operator", "IDSB"),
            ("IDS_Trinary_Operator", "IDST"), ("ID_Continue", "IDC"), ("ID_Start", "IDS"),
            ("Ideographic", "Ideo"), ("Join_Control", "Join_C"), ("Logical_Order_Exception", "LOE"),
            ("Lowercase", "Lower"), ("Math", nil), ("Noncharacter_Code_Point", "NChar"),
            ("Pattern_Syntax", "Pat_Syn"), ("Pattern_White_Space", "Pat_WS"), ("Quotation_Mark", "QMark"),
            ("Radical", nil), ("Regional_Indicator", "RI"), ("Sentence_Terminal", "STerm"),
            ("Soft_Dotted", "SD"), ("Terminal_Punctuation", "Term"), ("Unified_Ideograph", "UIdeo"),
            ("Uppercase", "Upper"), ("Variation_Selector", "VS"), ("White_Space", "space"),
            ("XID_Continue", "XIDC"), ("XID_Start", "XIDS"),
        ]
        var names: [String: UnicodePropertyTarget] = [
            "ASCII": .codePoints([0...0x7F]),
            "Any": .codePoints([0...0x10FFFF]),
            // Assigned is the complement of General_Category=Unassigned.
            "Assigned": .pcre2("^Cn"),
        ]
        for (name, alias) in unicode {
            names[name] = .pcre2(name)
            if let alias { names[alias] = .pcre2(name) }
        }
        names["Bidi_Mirrored"] = .codePoints(bidiMirrored)
        names["Bidi_M"] = .codePoints(bidiMirrored)
        return names
    }()

    /// Bidi_Mirrored=Yes in Unicode 14.0 (UnicodeData.txt field 9). PCRE2 10.42's \p{Bidi_Mirrored}
    /// misses the mirrored characters that have no mirror glyph (U+2211 N-ARY SUMMATION, U+221A
    /// SQUARE ROOT, ...), so the set is spelled out here, at PCRE2's Unicode version.
    static let bidiMirrored: [ClosedRange<UInt32>] = [
        0x28...0x29, 0x3C...0x3C, 0x3E...0x3E, 0x5B...0x5B, 0x5D...0x5D, 0x7B...0x7B, 0x7D...0x7D,
        0xAB...0xAB, 0xBB...0xBB, 0xF3A...0xF3D, 0x169B...0x169C, 0x2039...0x203A, 0x2045...0x2046,
        0x207D...0x207E, 0x208D...0x208E, 0x2140...0x2140, 0x2201...0x2204, 0x2208...0x220D, 0x2211...0x2211,
        0x2215...0x2216, 0x221A...0x221D, 0x221F...0x2222, 0x2224...0x2224, 0x2226...0x2226, 0x222B...0x2233,
        0x2239...0x2239, 0x223B...0x224C, 0x2252...0x2255, 0x225F...0x2260, 0x2262...0x2262, 0x2264...0x226B,
        0x226E...0x228C, 0x228F...0x2292, 0x2298...0x2298, 0x22A2...0x22A3, 0x22A6...0x22B8, 0x22BE...0x22BF,
        0x22C9...0x22CD, 0x22D0...0x22D1, 0x22D6...0x22ED, 0x22F0...0x22FF, 0x2308...0x230B, 0x2320...0x2321,
        0x2329...0x232A, 0x2768...0x2775, 0x27C0...0x27C0, 0x27C3...0x27C6, 0x27C8...0x27C9, 0x27CB...0x27CD,
        0x27D3...0x27D6, 0x27DC...0x27DE, 0x27E2...0x27EF, 0x2983...0x2998, 0x299B...0x29A0, 0x29A2...0x29AF,
        0x29B8...0x29B8, 0x29C0...0x29C5, 0x29C9...0x29C9, 0x29CE...0x29D2, 0x29D4...0x29D5, 0x29D8...0x29DC,
        0x29E1...0x29E1, 0x29E3...0x29E5, 0x29E8...0x29E9, 0x29F4...0x29F9, 0x29FC...0x29FD, 0x2A0A...0x2A1C,
        0x2A1E...0x2A21, 0x2A24...0x2A24, 0x2A26...0x2A26, 0x2A29...0x2A29, 0x2A2B...0x2A2E, 0x2A34...0x2A35,
        0x2A3C...0x2A3E, 0x2A57...0x2A58, 0x2A64...0x2A65, 0x2A6A...0x2A6D, 0x2A6F...0x2A70, 0x2A73...0x2A74,
        0x2A79...0x2AA3, 0x2AA6...0x2AAD, 0x2AAF...0x2AD6, 0x2ADC...0x2ADC, 0x2ADE...0x2ADE, 0x2AE2...0x2AE6,
        0x2AEC...0x2AEE, 0x2AF3...0x2AF3, 0x2AF7...0x2AFB, 0x2AFD...0x2AFD, 0x2BFE...0x2BFE, 0x2E02...0x2E05,
        0x2E09...0x2E0A, 0x2E0C...0x2E0D, 0x2E1C...0x2E1D, 0x2E20...0x2E29, 0x2E55...0x2E5C, 0x3008...0x3011,
        0x3014...0x301B, 0xFE59...0xFE5E, 0xFE64...0xFE65, 0xFF08...0xFF09, 0xFF1C...0xFF1C, 0xFF1E...0xFF1E,
        0xFF3B...0xFF3B, 0xFF3D...0xFF3D, 0xFF5B...0xFF5B, 0xFF5D...0xFF5D, 0xFF5F...0xFF60, 0xFF62...0xFF63,
        0x1D6DB...0x1D6DB, 0x1D715...0x1D715, 0x1D74F...0x1D74F, 0x1D789...0x1D789, 0x1D7C3...0x1D7C3,
    ]

    // MARK: - Script and Script_Extensions

    /// Script values and their aliases, mapped to the canonical (long) name. The Unicode 14.0 list
    /// (PCRE2 10.42's tables) plus the scripts of Unicode 15.0 to 17.0, which current engines accept
    /// and PCRE2 10.42 reports as unknown (the compiler turns that into `unsupported`).
    /// Katakana_Or_Hiragana (Hrkt) is left out: PropertyValueAliases.txt lists it, but no character
    /// has it and every engine rejects it (tc39/ecma262#3590).
    static let scripts: [String: String] = {
        let table: [(name: String, aliases: [String])] = [
            ("Adlam", ["Adlm"]),
            ("Ahom", []),
            ("Anatolian_Hieroglyphs", ["Hluw"]),
            ("Arabic", ["Arab"]),
            ("Armenian", ["Armn"]),
            ("Avestan", ["Avst"]),
            ("Balinese", ["Bali"]),
            ("Bamum", ["Bamu"]),
            ("Bassa_Vah", ["Bass"]),
            ("Batak", ["Batk"]),
            ("Bengali", ["Beng"]),
            ("Bhaiksuki", ["Bhks"]),
            ("Bopomofo", ["Bopo"]),
            ("Brahmi", ["Brah"]),
            ("Braille", ["Brai"]),
            ("Buginese", ["Bugi"]),
            ("Buhid", ["Buhd"]),
            ("Canadian_Aboriginal", ["Cans"]),
            ("Carian", ["Cari"]),
            ("Caucasian_Albanian", ["Aghb"]),
            ("Chakma", ["Cakm"]),
            ("Cham", []),
            ("Cherokee", ["Cher"]),
            ("Chorasmian", ["Chrs"]),
            ("Common", ["Zyyy"]),
            ("Coptic", ["Copt", "Qaac"]),
            ("Cuneiform", ["Xsux"]),
            ("Cypriot", ["Cprt"]),
            ("Cypro_Minoan", ["Cpmn"]),
            ("Cyrillic", ["Cyrl"]),
            ("Deseret", ["Dsrt"]),
            ("Devanagari", ["Deva"]),
            ("Dives_Akuru", ["Diak"]),
            ("Dogra", ["Dogr"]),
            ("Duployan", ["Dupl"]),
            ("Egyptian_Hieroglyphs", ["Egyp"]),
            ("Elbasan", ["Elba"]),
            ("Elymaic", ["Elym"]),
            ("Ethiopic", ["Ethi"]),
            ("Georgian", ["Geor"]),
            ("Glagolitic", ["Glag"]),
            ("Gothic", ["Goth"]),
            ("Grantha", ["Gran"]),
            ("Greek", ["Grek"]),
            ("Gujarati", ["Gujr"]),
            ("Gunjala_Gondi", ["Gong"]),
            ("Gurmukhi", ["Guru"]),
            ("Han", ["Hani"]),
            ("Hangul", ["Hang"]),
            ("Hanifi_Rohingya", ["Rohg"]),
            ("Hanunoo", ["Hano"]),
            ("Hatran", ["Hatr"]),
            ("Hebrew", ["Hebr"]),
            ("Hiragana", ["Hira"]),
            ("Imperial_Aramaic", ["Armi"]),
            ("Inherited", ["Zinh", "Qaai"]),
            ("Inscriptional_Pahlavi", ["Phli"]),
            ("Inscriptional_Parthian", ["Prti"]),
            ("Javanese", ["Java"]),
            ("Kaithi", ["Kthi"]),
            ("Kannada", ["Knda"]),
            ("Katakana", ["Kana"]),
            ("Kayah_Li", ["Kali"]),
            ("Kharoshthi", ["Khar"]),
            ("Khitan_Small_Script", ["Kits"]),
            ("Khmer", ["Khmr"]),
            ("Khojki", ["Khoj"]),
            ("Khudawadi", ["Sind"]),
            ("Lao", ["Laoo"]),
            ("Latin", ["Latn"]),
            ("Lepcha", ["Lepc"]),
            ("Limbu", ["Limb"]),
            ("Linear_A", ["Lina"]),
            ("Linear_B", ["Linb"]),
            ("Lisu", []),
            ("Lycian", ["Lyci"]),
            ("Lydian", ["Lydi"]),
            ("Mahajani", ["Mahj"]),
            ("Makasar", ["Maka"]),
            ("Malayalam", ["Mlym"]),
            ("Mandaic", ["Mand"]),
            ("Manichaean", ["Mani"]),
            ("Marchen", ["Marc"]),
            ("Masaram_Gondi", ["Gonm"]),
            ("Medefaidrin", ["Medf"]),
            ("Meetei_Mayek", ["Mtei"]),
            ("Mende_Kikakui", ["Mend"]),
            ("Meroitic_Cursive", ["Merc"]),
            ("Meroitic_Hieroglyphs", ["Mero"]),
            ("Miao", ["Plrd"]),
            ("Modi", []),
            ("Mongolian", ["Mong"]),
            ("Mro", ["Mroo"]),
            ("Multani", ["Mult"]),
            ("Myanmar", ["Mymr"]),
            ("Nabataean", ["Nbat"]),
            ("Nandinagari", ["Nand"]),
            ("New_Tai_Lue", ["Talu"]),
            ("Newa", []),
            ("Nko", ["Nkoo"]),
            ("Nushu", ["Nshu"]),
            ("Nyiakeng_Puachue_Hmong", ["Hmnp"]),
            ("Ogham", ["Ogam"]),
            ("Ol_Chiki", ["Olck"]),
            ("Old_Hungarian", ["Hung"]),
            ("Old_Italic", ["Ital"]),
            ("Old_North_Arabian", ["Narb"]),
            ("Old_Permic", ["Perm"]),
            ("Old_Persian", ["Xpeo"]),
            ("Old_Sogdian", ["Sogo"]),
            ("Old_South_Arabian", ["Sarb"]),
            ("Old_Turkic", ["Orkh"]),
            ("Old_Uyghur", ["Ougr"]),
            ("Oriya", ["Orya"]),
            ("Osage", ["Osge"]),
            ("Osmanya", ["Osma"]),
            ("Pahawh_Hmong", ["Hmng"]),
            ("Palmyrene", ["Palm"]),
            ("Pau_Cin_Hau", ["Pauc"]),
            ("Phags_Pa", ["Phag"]),
            ("Phoenician", ["Phnx"]),
            ("Psalter_Pahlavi", ["Phlp"]),
            ("Rejang", ["Rjng"]),
            ("Runic", ["Runr"]),
            ("Samaritan", ["Samr"]),
            ("Saurashtra", ["Saur"]),
            ("Sharada", ["Shrd"]),
            ("Shavian", ["Shaw"]),
            ("Siddham", ["Sidd"]),
            ("SignWriting", ["Sgnw"]),
            ("Sinhala", ["Sinh"]),
            ("Sogdian", ["Sogd"]),
            ("Sora_Sompeng", ["Sora"]),
            ("Soyombo", ["Soyo"]),
            ("Sundanese", ["Sund"]),
            ("Syloti_Nagri", ["Sylo"]),
            ("Syriac", ["Syrc"]),
            ("Tagalog", ["Tglg"]),
            ("Tagbanwa", ["Tagb"]),
            ("Tai_Le", ["Tale"]),
            ("Tai_Tham", ["Lana"]),
            ("Tai_Viet", ["Tavt"]),
            ("Takri", ["Takr"]),
            ("Tamil", ["Taml"]),
            ("Tangsa", ["Tnsa"]),
            ("Tangut", ["Tang"]),
            ("Telugu", ["Telu"]),
            ("Thaana", ["Thaa"]),
            ("Thai", []),
            ("Tibetan", ["Tibt"]),
            ("Tifinagh", ["Tfng"]),
            ("Tirhuta", ["Tirh"]),
            ("Toto", []),
            ("Ugaritic", ["Ugar"]),
            ("Unknown", ["Zzzz"]),
            ("Vai", ["Vaii"]),
            ("Vithkuqi", ["Vith"]),
            ("Wancho", ["Wcho"]),
            ("Warang_Citi", ["Wara"]),
            ("Yezidi", ["Yezi"]),
            ("Yi", ["Yiii"]),
            ("Zanabazar_Square", ["Zanb"]),
            // Unicode 15.0
            ("Kawi", []), ("Nag_Mundari", ["Nagm"]),
            // Unicode 16.0
            ("Garay", ["Gara"]), ("Gurung_Khema", ["Gukh"]), ("Kirat_Rai", ["Krai"]), ("Ol_Onal", ["Onao"]),
            ("Sunuwar", ["Sunu"]), ("Todhri", ["Todr"]), ("Tulu_Tigalari", ["Tutg"]),
            // Unicode 17.0
            ("Beria_Erfe", ["Berf"]), ("Sidetic", ["Sidt"]), ("Tai_Yo", ["Tayo"]), ("Tolong_Siki", ["Tols"]),
        ]
        var names: [String: String] = [:]
        for (name, aliases) in table {
            names[name] = name
            for alias in aliases { names[alias] = name }
        }
        return names
    }()
}

/// Takes `lint`'s (and `validate`'s, `baseline`'s, `resolve`'s and `diff`'s) paths out of the command line before ArgumentParser sees it.
///
/// ArgumentParser matches positional arguments in time that grows with the square of their number
/// (callgrind, release build: 600 paths cost 145M instructions, 1,200 cost 476M, 2,400 cost 1.7G,
/// about 0.6 s), and a pre-commit hook or `xargs` hands `lint` thousands of paths. So only the
/// options go through ArgumentParser, and the paths are handed to the command afterwards, in order.
enum PathArguments {
    /// Splits the arguments after the program name. Only `lint`, `validate`, `baseline`, `resolve` and
    /// `diff` are split; other command lines come back unchanged with no paths. `diff`'s first two
    /// positional arguments are its environments, not paths: they stay with the options.
    static func split(_ arguments: [String]) -> (options: [String], paths: [String]) {
        let takingValue: Set<String>
        var leading = 0
        switch arguments.first {
        case "lint": takingValue = Lint.optionsTakingValue
        case "validate": takingValue = Validate.optionsTakingValue
        case "baseline": takingValue = Baseline.optionsTakingValue
        case "resolve": takingValue = Resolve.optionsTakingValue
        case "diff":
            takingValue = Diff.optionsTakingValue
            leading = 2
        default: return (arguments, [])
        }
        var options = [arguments[0]]
        var paths: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                let rest = arguments[index...]
                if leading > 0 { options += ["--"] + rest.prefix(leading) }
                paths.append(contentsOf: rest.dropFirst(leading))
                break
            }
            if takingValue.contains(argument) {
                // The value may start with '-' (`--stdin-filename -x.yaml`); it is the option's.
                options.append(argument)
                if index < arguments.count {
                    options.append(arguments[index])
                    index += 1
                }
            } else if argument.hasPrefix("-") {
                // A flag, `--option=value`, an unknown option to report, or '-' (standard input),
                // which `Lint.validate()` must see to check it is given once and with --stdin-filename.
                options.append(argument)
            } else if leading > 0 {
                options.append(argument)
                leading -= 1
            } else {
                paths.append(argument)
            }
        }
        return (options, paths)
    }
}

package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.compiler.report.ReportItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Reading the files the subcommands are given ("-" is standard input) and printing problems. */
public final class Inputs {

    private Inputs() {
    }

    public static String read(CommandLine.Model.CommandSpec spec, String file) {
        try {
            if (file.equals("-")) {
                InputStream stdin = System.in;
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + file + ": " + describe(e));
        }
    }

    public static void write(CommandLine.Model.CommandSpec spec, String file, String text) {
        try {
            Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot write " + file + ": " + describe(e));
        }
    }

    /** One "POINTER: message" line per problem. */
    static int printProblems(PrintWriter err, InvalidDocumentException e) {
        for (Problem problem : e.problems()) {
            err.println(problem);
        }
        err.flush();
        return ExitCode.INVALID;
    }

    /** One "severity [code] POINTER: message" line per report item. */
    static void printItems(PrintWriter err, List<ReportItem> items) {
        for (ReportItem item : items) {
            err.println(item.severity().documentName() + " [" + item.code() + "] "
                    + (item.pointer().isEmpty() ? "/" : item.pointer()) + ": " + item.message());
        }
        err.flush();
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (cause instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}

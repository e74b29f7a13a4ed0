package io.pulsechat.trainer;

import io.pulsechat.sentiment.ModelFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what a command throws into one line on standard error and an exit code: 2 for the user's
 * mistakes (files that are missing or unreadable, damaged model files, bad option values), 1 for
 * failures outside the user's control (network, AWS). Only an unexpected exception, which is a
 * bug, prints its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  static final int USER_ERROR = CommandLine.ExitCode.USAGE;
  static final int FAILURE = CommandLine.ExitCode.SOFTWARE;

  @Override
  public int handleExecutionException(Exception e, CommandLine line, ParseResult parsed) {
    String prefix = line.getCommandSpec().qualifiedName() + ": ";
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (cause instanceof UserError || cause instanceof ModelFormatException) {
      line.getErr().println(prefix + cause.getMessage());
      return USER_ERROR;
    }
    if (cause instanceof FileSystemException f) {
      line.getErr().println(prefix + describe(f));
      return USER_ERROR;
    }
    if (cause instanceof IOException || cause instanceof SdkException) {
      line.getErr().println(prefix + cause.getMessage());
      return FAILURE;
    }
    line.getErr().println(prefix + "unexpected error (please report it with the trace below)");
    e.printStackTrace(line.getErr());
    return FAILURE;
  }

  static String describe(FileSystemException f) {
    String file = f.getFile();
    if (f instanceof NoSuchFileException) {
      return file + ": no such file or folder";
    }
    if (f instanceof AccessDeniedException) {
      return file + ": permission denied";
    }
    return f.getMessage();
  }
}

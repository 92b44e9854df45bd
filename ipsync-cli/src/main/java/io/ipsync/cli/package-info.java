/**
 * The {@code ipsync} command line: {@code java -jar ipsync.jar COMMAND}, one class per command
 * ({@link io.ipsync.cli.IpsyncCommand} lists them). Standard output carries only the commands'
 * results (JSON lines); everything else goes to standard error.
 */
package io.ipsync.cli;

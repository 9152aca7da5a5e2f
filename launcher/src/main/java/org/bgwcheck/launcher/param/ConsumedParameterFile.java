package org.bgwcheck.launcher.param;

/**
 * A parameter file's contents, read and already removed, with the modes the child saw on the
 * file and its directory (reported to the parent as evidence for C2).
 *
 * @param contents      the raw bytes, not yet validated
 * @param fileMode      the file's mode as four octal digits
 * @param directoryMode the directory's mode as four octal digits
 */
public record ConsumedParameterFile(byte[] contents, String fileMode, String directoryMode) {
}

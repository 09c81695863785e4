/** What a run of the program reports back: the exit code its command chose. */
export interface ProgramState {
  /** Exit code of the command that ran (see `exitCodes`). */
  exitCode: number;
}

// inboxprobe: command-line entry point (placeholder until the commands are wired).
int
main()
{
  return 0;
}

package dev.checklistbot.chat;

import dev.checklistbot.run.Actor;
import dev.checklistbot.run.RunCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCommandParserTest {
    private final ChatCommandParser parser = new ChatCommandParser("/backup-checklist", Set.of("backup", "restore")::contains);

    private RunCommand command(String text) {
        ParsedCommand parsed = parser.parseCommand(text);
        assertThat(parsed).as(text).isInstanceOf(ParsedCommand.Apply.class);
        return ((ParsedCommand.Apply) parsed).command();
    }

    @Test
    void anEmptyCommandIsTheDefault() {
        assertThat(parser.parseCommand("")).isInstanceOf(ParsedCommand.Default.class);
        assertThat(parser.parseCommand("   ")).isInstanceOf(ParsedCommand.Default.class);
        assertThat(parser.parseCommand(null)).isInstanceOf(ParsedCommand.Default.class);
    }

    @Test
    void startTakesAnIdAndAnOptionalTitle() {
        assertThat(command("start restore")).isEqualTo(new RunCommand.Start("restore", null));
        assertThat(command("start restore Prod SQL01 tonight")).isEqualTo(new RunCommand.Start("restore", "Prod SQL01 tonight"));
        assertThat(command("restore Prod")).isEqualTo(new RunCommand.Start("restore", "Prod"));
        assertThat(parser.parseCommand("start")).isInstanceOf(ParsedCommand.Invalid.class);
    }

    @Test
    void stepCommandsTakeAnOptionalNumber() {
        assertThat(command("done")).isEqualTo(new RunCommand.Done(null, null));
        assertThat(command("done 3")).isEqualTo(new RunCommand.Done(3, null));
        assertThat(command("DONE #3 backup at 03:10")).isEqualTo(new RunCommand.Done(3, "backup at 03:10"));
        assertThat(command("done backup at 03:10")).isEqualTo(new RunCommand.Done(null, "backup at 03:10"));
        assertThat(command("skip 5 not using BAM")).isEqualTo(new RunCommand.Skip(5, "not using BAM"));
        assertThat(command("skip not using BAM")).isEqualTo(new RunCommand.Skip(null, "not using BAM"));
        assertThat(command("claim")).isEqualTo(new RunCommand.Claim(null));
        assertThat(command("claim 2")).isEqualTo(new RunCommand.Claim(2));
        assertThat(command("note 2 the job took 40 min")).isEqualTo(new RunCommand.AddNote(2, "the job took 40 min"));
        assertThat(command("undo")).isEqualTo(new RunCommand.Undo(null));
        assertThat(command("abort wrong server")).isEqualTo(new RunCommand.Abort("wrong server"));
        assertThat(command("abort")).isEqualTo(new RunCommand.Abort(null));
    }

    @Test
    void assignTakesASlackMentionOrAName() {
        assertThat(command("assign 3 <@U024BE7LH|alex>")).isEqualTo(new RunCommand.Assign(3, new Actor("U024BE7LH", "alex")));
        assertThat(command("assign 3 <@U024BE7LH>")).isEqualTo(new RunCommand.Assign(3, Actor.of("U024BE7LH")));
        assertThat(command("assign 2 @bob")).isEqualTo(new RunCommand.Assign(2, Actor.of("bob")));
        assertThat(parser.parseCommand("assign @bob")).isInstanceOf(ParsedCommand.Invalid.class);
        assertThat(parser.parseCommand("assign 2 bob")).isInstanceOf(ParsedCommand.Invalid.class);
    }

    @Test
    void assignAndSummaryTakeDiscordMentionsAsDiscordIds() {
        assertThat(command("assign 3 <@80351110224678912>"))
                .isEqualTo(new RunCommand.Assign(3, Actor.of("discord:80351110224678912")));
        assertThat(command("assign 3 <@!80351110224678912>"))
                .isEqualTo(new RunCommand.Assign(3, Actor.of("discord:80351110224678912")));
        assertThat(command("summary <#41771983423143937>"))
                .isEqualTo(new RunCommand.PostSummary("discord:41771983423143937"));
        // a role or @everyone is nobody to assign to
        assertThat(parser.parseCommand("assign 3 <@&165511591545143296>")).isInstanceOf(ParsedCommand.Invalid.class);
        assertThat(command("assign 3 @everyone")).isEqualTo(new RunCommand.Assign(3, Actor.of("everyone")));
    }

    @Test
    void summaryTakesAnOptionalChannel() {
        assertThat(command("summary")).isEqualTo(new RunCommand.PostSummary(null));
        assertThat(command("summary <#C0123ABCD|ops>")).isEqualTo(new RunCommand.PostSummary("C0123ABCD"));
        assertThat(command("summary #ops")).isEqualTo(new RunCommand.PostSummary("ops"));
        assertThat(parser.parseCommand("summary <!channel>")).isInstanceOf(ParsedCommand.Invalid.class);
    }

    @Test
    void questionsAreQueries() {
        assertThat(parser.parseCommand("status")).isEqualTo(new ParsedCommand.Query(ParsedCommand.QueryKind.STATUS));
        assertThat(parser.parseCommand("list")).isEqualTo(new ParsedCommand.Query(ParsedCommand.QueryKind.LIST));
        assertThat(parser.parseCommand("history")).isEqualTo(new ParsedCommand.Query(ParsedCommand.QueryKind.HISTORY));
        assertThat(parser.parseCommand("help")).isEqualTo(new ParsedCommand.Query(ParsedCommand.QueryKind.HELP));
    }

    @Test
    void anUnknownCommandGetsAClearAnswer() {
        ParsedCommand parsed = parser.parseCommand("frobnicate now");
        assertThat(parsed).isInstanceOf(ParsedCommand.Invalid.class);
        assertThat(((ParsedCommand.Invalid) parsed).reply().plain()).contains("Unknown command `frobnicate`")
                .contains("/backup-checklist help");
    }

    @Test
    void hugeInputIsRefused() {
        ParsedCommand parsed = parser.parseCommand("note 1 " + "x".repeat(ChatCommandParser.MAX_INPUT_CHARS));
        assertThat(parsed).isInstanceOf(ParsedCommand.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"done", "Done", "ok", "OK.", "✅", "done!"})
    void aReplyStartingWithADoneWordIsDone(String reply) {
        assertThat(parser.parseReply(reply, 4)).isEqualTo(new RunCommand.Done(4, null));
    }

    @Test
    void aDoneReplyKeepsTheRestAsItsNote() {
        assertThat(parser.parseReply("done, backup at 03:10", 2)).isEqualTo(new RunCommand.Done(2, "backup at 03:10"));
        assertThat(parser.parseReply("✅ copied", 2)).isEqualTo(new RunCommand.Done(2, "copied"));
    }

    @Test
    void skipAndNaRepliesCarryTheirReason() {
        assertThat(parser.parseReply("skip not using BAM", 5)).isEqualTo(new RunCommand.Skip(5, "not using BAM"));
        assertThat(parser.parseReply("n/a no SSO here", 6)).isEqualTo(new RunCommand.Skip(6, "no SSO here"));
        assertThat(parser.parseReply("skip", 5)).isEqualTo(new RunCommand.Skip(5, null));
    }

    @Test
    void claimAndUndoReplies() {
        assertThat(parser.parseReply("claim", 1)).isEqualTo(new RunCommand.Claim(1));
        assertThat(parser.parseReply("undo", 1)).isEqualTo(new RunCommand.Undo(1));
    }

    @Test
    void anyOtherReplyIsANote() {
        assertThat(parser.parseReply("the job has not finished", 3))
                .isEqualTo(new RunCommand.AddNote(3, "the job has not finished"));
        assertThat(parser.parseReply("donezo? not yet", 3)).isEqualTo(new RunCommand.AddNote(3, "donezo? not yet"));
        assertThat(parser.parseReply("claim the other server first", 3))
                .isEqualTo(new RunCommand.AddNote(3, "claim the other server first"));
    }

    @Test
    void startTakesAnswersUpFrontApartFromTheTitle() {
        assertThat(command("start restore bam=no sso=yes")).isEqualTo(new RunCommand.Start("restore", null,
                java.util.Map.of("bam", "no", "sso", "yes")));
        assertThat(command("restore Prod bam=no")).isEqualTo(new RunCommand.Start("restore", "Prod",
                java.util.Map.of("bam", "no")));
        assertThat(((RunCommand.Start) command("start restore BAM=No")).answers()).containsEntry("bam", "No");
    }

    @Test
    void answerTakesAQuestionAndAYesOrNo() {
        assertThat(command("answer bam no")).isEqualTo(new RunCommand.AnswerQuestion("bam", "no"));
        assertThat(command("answer sso=yes")).isEqualTo(new RunCommand.AnswerQuestion("sso", "yes"));
        assertThat(parser.parseCommand("answer bam")).isInstanceOf(ParsedCommand.Invalid.class);
        assertThat(parser.parseCommand("answer")).isInstanceOf(ParsedCommand.Invalid.class);
        assertThat(parser.parseReply("answer bam yes", 2)).isEqualTo(new RunCommand.AnswerQuestion("bam", "yes"));
    }

    @Test
    void evidenceIsANewEntryOnAStep() {
        assertThat(command("evidence 2 /backups/a.bak")).isEqualTo(new RunCommand.AddEvidence(2, "/backups/a.bak"));
        assertThat(parser.parseReply("evidence y.bak, not x.bak", 3))
                .isEqualTo(new RunCommand.AddEvidence(3, "y.bak, not x.bak"));
        assertThat(command("done 2 /backups/a.bak 4 GB")).isEqualTo(new RunCommand.Done(2, "/backups/a.bak 4 GB"));
    }
}

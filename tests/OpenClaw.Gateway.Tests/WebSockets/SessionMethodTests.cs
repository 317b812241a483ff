using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary><c>sessions.list/preview/patch/reset/delete</c> (gateway-protocol.md §6.8, §8 item 8).</summary>
public sealed class SessionMethodTests : IAsyncLifetime
{
    private static readonly string[] RowKeys =
    [
        "key", "kind", "agentId", "isMain", "label", "displayName", "updatedAt", "sessionId", "abortedLastRun", "thinkingLevel", "verboseLevel",
        "inputTokens", "outputTokens", "totalTokens", "modelProvider", "model", "contextTokens", "status", "lastRunId", "hasActiveRun",
    ];

    private KestrelGateway _gateway = null!;
    private WsTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await WsGateway.StartAsync();
        _client = await WsTestClient.ConnectedAsync(_gateway);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task SessionsList_ShowsASessionCreatedOverHttp_WithRowKeysInOrder()
    {
        // Arrange
        await _gateway.HttpChatAsync("lister", "hello from http");

        // Act
        var list = await _client.CallAsync("sessions.list", "{}");

        // Assert
        list.ShouldHaveKeysInOrder("ts", "path", "count", "totalCount", "hasMore", "defaults", "sessions");
        list.GetProperty("defaults").ShouldHaveKeysInOrder("modelProvider", "model", "contextTokens");
        list.Str("path").Should().NotBeNullOrEmpty();
        list.Long("count").Should().Be(list.Items("sessions").Count);
        var row = list.Items("sessions").Single(r => r.Str("key") == "agent:main:openai-user:lister");
        row.ShouldUseKeyOrderOf(RowKeys);
        row.Str("kind").Should().Be("direct");
        row.Str("agentId").Should().Be("main");
        row.Bool("isMain").Should().BeFalse();
        Guid.TryParse(row.Str("sessionId"), out _).Should().BeTrue();
        row.Long("updatedAt").Should().BePositive();
        row.Bool("abortedLastRun").Should().BeFalse();
        row.Keys().Should().NotContain("label", "absent values are omitted");
    }

    [Fact]
    public async Task SessionsList_IsNewestFirst_AndHonoursLimit()
    {
        // Arrange: the two sessions are updated a second apart on the gateway's clock
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await WsGateway.StartAsync(clock);
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        await gateway.HttpChatAsync("older", "one");
        clock.Advance(TimeSpan.FromSeconds(1));
        await gateway.HttpChatAsync("newer", "two");

        // Act
        var all = await client.CallAsync("sessions.list", "{}");
        var first = await client.CallAsync("sessions.list", """{"limit":1}""");

        // Assert
        var keys = all.Items("sessions").Select(r => r.Str("key")).ToList();
        keys.IndexOf("agent:main:openai-user:newer").Should().BeLessThan(keys.IndexOf("agent:main:openai-user:older"));
        all.Items("sessions").Select(r => r.Long("updatedAt")).Should().BeInDescendingOrder();
        first.Items("sessions").Should().ContainSingle().Which.Str("key").Should().Be(keys[0]);
        first.Long("count").Should().Be(1);
        first.Long("totalCount").Should().Be(keys.Count);
        first.Bool("hasMore").Should().BeTrue();
    }

    [Fact]
    public async Task SessionsList_Offset_PagesThroughTheRows()
    {
        await _gateway.HttpChatAsync("page-a", "one");
        await _gateway.HttpChatAsync("page-b", "two");
        await _gateway.HttpChatAsync("page-c", "three");

        var all = (await _client.CallAsync("sessions.list", "{}")).Items("sessions").Select(r => r.Str("key")).ToList();
        var page = await _client.CallAsync("sessions.list", """{"limit":1,"offset":1}""");

        page.Items("sessions").Select(r => r.Str("key")).Should().Equal(all[1]);
        page.Bool("hasMore").Should().BeTrue();
        page.Long("nextOffset").Should().Be(2);
    }

    [Fact]
    public async Task SessionsList_LabelFilter_KeepsOnlyThatLabel()
    {
        await _gateway.HttpChatAsync("tagged", "one");
        await _gateway.HttpChatAsync("untagged", "two");
        await _client.CallAsync("sessions.patch", """{"key":"agent:main:openai-user:tagged","label":"Keep me"}""");

        var list = await _client.CallAsync("sessions.list", """{"label":"Keep me"}""");

        list.Items("sessions").Select(r => r.Str("key")).Should().Equal("agent:main:openai-user:tagged");
    }

    [Fact]
    public async Task SessionsList_ListsTheDefaultAgentsStore_UnlessAnAgentIdIsGiven()
    {
        // Arrange
        await using var gateway = await WsGateway.StartAsync(TestConfigs.TwoAgentsEcho);
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        await client.RequestAsync("agent", """{"message":"m","idempotencyKey":"store-m","sessionKey":"agent:main:mine"}""");
        await client.RequestAsync("agent", """{"message":"b","idempotencyKey":"store-b","sessionKey":"agent:beta:theirs"}""");
        await client.WaitForRunEndAsync("store-m");
        await client.WaitForRunEndAsync("store-b");

        // Act
        var defaults = await client.CallAsync("sessions.list", "{}");
        var beta = await client.CallAsync("sessions.list", """{"agentId":"beta"}""");

        // Assert
        defaults.Items("sessions").Select(r => r.Str("key")).Should().Contain("agent:main:mine").And.NotContain("agent:beta:theirs");
        beta.Items("sessions").Select(r => r.Str("key")).Should().Equal("agent:beta:theirs");
        beta.Items("sessions")[0].Str("agentId").Should().Be("beta");
    }

    [Fact]
    public async Task SessionsList_MainSession_IsMain_AndARunIsDone()
    {
        await _client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"row-1"}""");
        await _client.WaitForRunEndAsync("row-1");

        var row = (await _client.CallAsync("sessions.list", "{}")).Items("sessions").Single(r => r.Str("key") == "agent:main:main");

        row.Bool("isMain").Should().BeTrue();
        row.Str("status").Should().Be("done");
        row.Str("lastRunId").Should().Be("row-1");
        row.Bool("hasActiveRun").Should().NotBe(true);
    }

    [Fact]
    public async Task SessionsPreview_ReturnsOkEmptyAndMissingPreviews()
    {
        // Arrange
        await _client.RequestAsync("agent", """{"message":"ws hello","idempotencyKey":"pv-1","sessionKey":"wsprobe"}""");
        await _client.WaitForRunEndAsync("pv-1");
        await _client.RequestAsync("agent", """{"message":"gone","idempotencyKey":"pv-2","sessionKey":"blank"}""");
        await _client.WaitForRunEndAsync("pv-2");
        await _client.CallAsync("sessions.reset", """{"key":"agent:main:blank"}""");

        // Act
        var preview = await _client.CallAsync("sessions.preview", """{"keys":["agent:main:wsprobe","agent:main:blank","agent:main:missing"]}""");

        // Assert
        preview.ShouldHaveKeysInOrder("ts", "previews");
        var previews = preview.Items("previews");
        previews.Should().HaveCount(3);
        previews[0].GetRawText().Should().Be(
            """{"key":"agent:main:wsprobe","status":"ok","items":[{"role":"user","text":"ws hello"},{"role":"assistant","text":"echo: ws hello"}]}""");
        previews[1].Str("key").Should().Be("agent:main:blank");
        previews[1].Str("status").Should().Be("empty");
        previews[1].Items("items").Should().BeEmpty();
        previews[2].Str("key").Should().Be("agent:main:missing");
        previews[2].Str("status").Should().Be("missing");
        previews[2].Items("items").Should().BeEmpty();
    }

    [Fact]
    public async Task SessionsPreview_TooManyKeys_IsInvalidParams()
    {
        var keys = string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"k{i}\""));

        var response = await _client.RequestAsync("sessions.preview", "{\"keys\":[" + keys + "]}");

        response.Error().Str("message").Should().Be("invalid sessions.preview params: /keys must NOT have more than 100 items");
    }

    [Fact]
    public async Task SessionsPreview_Limit_KeepsTheNewestItems()
    {
        await _client.RequestAsync("agent", """{"message":"ws hello","idempotencyKey":"pl-1","sessionKey":"plim"}""");
        await _client.WaitForRunEndAsync("pl-1");

        var preview = await _client.CallAsync("sessions.preview", """{"keys":["agent:main:plim"],"limit":1}""");

        preview.Items("previews")[0].GetProperty("items").GetRawText().Should().Be("""[{"role":"assistant","text":"echo: ws hello"}]""");
    }

    [Fact]
    public async Task SessionsPreview_TruncatesItemsTo240CharsByDefault()
    {
        var longText = string.Concat(Enumerable.Range(0, 100).Select(i => $"w{i:000} "));
        await _client.RequestAsync("agent", $$"""{"message":"{{longText}}","idempotencyKey":"pv-long","sessionKey":"longpv"}""");
        await _client.WaitForRunEndAsync("pv-long");

        var items = (await _client.CallAsync("sessions.preview", """{"keys":["agent:main:longpv"]}""")).Items("previews")[0].Items("items");

        var user = items.Single(i => i.Str("role") == "user").Str("text")!;
        user.Length.Should().BeLessThanOrEqualTo(243, "maxChars defaults to 240 (an ellipsis may follow)");
        user.Should().StartWith(longText[..200]);
    }

    [Fact]
    public async Task SessionsPatch_SetsAndClearsTheLabel()
    {
        // Arrange
        await _gateway.HttpChatAsync("patchme", "hi");

        // Act
        var set = await _client.CallAsync("sessions.patch", """{"key":"agent:main:openai-user:patchme","label":"Project X"}""");
        var rowAfterSet = await RowAsync("agent:main:openai-user:patchme");
        var cleared = await _client.CallAsync("sessions.patch", """{"key":"agent:main:openai-user:patchme","label":null}""");
        var rowAfterClear = await RowAsync("agent:main:openai-user:patchme");

        // Assert
        set.Bool("ok").Should().BeTrue();
        set.Str("key").Should().Be("agent:main:openai-user:patchme");
        set.GetProperty("entry").Str("label").Should().Be("Project X");
        rowAfterSet.Str("label").Should().Be("Project X");
        cleared.Bool("ok").Should().BeTrue();
        cleared.GetProperty("entry").Str("label").Should().BeNull("null clears the field");
        rowAfterClear.Keys().Should().NotContain("label");
    }

    [Fact]
    public async Task SessionsPatch_ThinkingAndVerboseLevels_ShowInHistory()
    {
        await _gateway.HttpChatAsync("levels", "hi");

        await _client.CallAsync("sessions.patch", """{"key":"agent:main:openai-user:levels","thinkingLevel":"medium","verboseLevel":"on"}""");
        var history = await _client.CallAsync("chat.history", """{"sessionKey":"agent:main:openai-user:levels"}""");

        history.Str("thinkingLevel").Should().Be("medium");
        history.Str("verboseLevel").Should().Be("on");
    }

    [Fact]
    public async Task SessionsReset_GivesANewSessionId_AndAnEmptyHistory()
    {
        // Arrange
        await _client.RequestAsync("agent", """{"message":"remember me","idempotencyKey":"reset-1","sessionKey":"resetme"}""");
        await _client.WaitForRunEndAsync("reset-1");
        var before = await _client.CallAsync("chat.history", """{"sessionKey":"agent:main:resetme"}""");

        // Act
        var reset = await _client.CallAsync("sessions.reset", """{"key":"agent:main:resetme"}""");
        var after = await _client.CallAsync("chat.history", """{"sessionKey":"agent:main:resetme"}""");

        // Assert
        before.Long("totalMessages").Should().Be(2);
        reset.Bool("ok").Should().BeTrue();
        reset.Str("key").Should().Be("agent:main:resetme");
        var newId = reset.GetProperty("entry").Str("sessionId");
        newId.Should().NotBeNullOrEmpty().And.NotBe(before.Str("sessionId"));
        after.Str("sessionId").Should().Be(newId);
        after.GetProperty("messages").GetRawText().Should().Be("[]");
        after.Long("totalMessages").Should().Be(0);
    }

    [Fact]
    public async Task SessionsDelete_MainSession_IsRefused()
    {
        await _client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"del-main"}""");
        await _client.WaitForRunEndAsync("del-main");

        var response = await _client.RequestAsync("sessions.delete", """{"key":"agent:main:main"}""");

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().Be("cannot delete the main session");
        (await _client.CallAsync("chat.history", """{"sessionKey":"agent:main:main"}""")).Long("totalMessages").Should().Be(2);
    }

    [Fact]
    public async Task SessionsDelete_UnknownKey_IsSessionNotFound()
    {
        var response = await _client.RequestAsync("sessions.delete", """{"key":"agent:main:nope"}""");

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().Be("session not found: agent:main:nope");
    }

    [Fact]
    public async Task SessionsDelete_ExistingSession_IsRemovedFromTheList()
    {
        // Arrange
        await _gateway.HttpChatAsync("doomed", "bye");

        // Act
        var deleted = await _client.CallAsync("sessions.delete", """{"key":"agent:main:openai-user:doomed"}""");

        // Assert
        deleted.ShouldHaveKeysInOrder("ok", "key", "deleted", "archived");
        deleted.Bool("ok").Should().BeTrue();
        deleted.Str("key").Should().Be("agent:main:openai-user:doomed");
        deleted.Bool("deleted").Should().BeTrue();
        deleted.GetProperty("archived").ValueKind.Should().Be(JsonValueKind.Array);
        (await _client.CallAsync("sessions.list", "{}")).Items("sessions").Should().NotContain(r => r.Str("key") == "agent:main:openai-user:doomed");
        (await _client.CallAsync("chat.history", """{"sessionKey":"agent:main:openai-user:doomed"}""")).Long("totalMessages").Should().Be(0);
    }

    private async Task<JsonElement> RowAsync(string key) =>
        (await _client.CallAsync("sessions.list", "{}")).Items("sessions").Single(r => r.Str("key") == key);
}

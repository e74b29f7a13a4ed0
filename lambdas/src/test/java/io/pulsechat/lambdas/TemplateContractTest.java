package io.pulsechat.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What cfn-lint cannot know: that cloudformation/pulsechat.yaml agrees with this module's code
 * (handler names, table key and TTL attribute, environment) and keeps IAM scoped to ARNs.
 */
class TemplateContractTest {

  private static Map<String, Object> resources;
  private static Map<String, Object> outputs;
  private static Map<String, Object> conditions;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void readTemplate() throws IOException {
    Path template = Path.of(System.getProperty("user.dir")).resolve("../cloudformation/pulsechat.yaml").normalize();
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try (Reader in = Files.newBufferedReader(template)) {
      Map<String, Object> root = new Yaml(new CloudFormationConstructor(options)).load(in);
      resources = (Map<String, Object>) root.get("Resources");
      outputs = (Map<String, Object>) root.get("Outputs");
      conditions = (Map<String, Object>) root.get("Conditions");
    }
  }

  @Test
  void functionsRunTheseHandlersOnJava21WithSnapStartVersions() {
    assertFunction("ConnectFunction", ConnectHandler.class);
    assertFunction("DisconnectFunction", DisconnectHandler.class);
    assertThat(property("ConnectVersion", "FunctionName")).isEqualTo(Map.of("Ref", "ConnectFunction"));
    assertThat(property("DisconnectVersion", "FunctionName")).isEqualTo(Map.of("Ref", "DisconnectFunction"));
  }

  @Test
  void functionEnvironmentIsAValidLambdaConfig() {
    for (String function : List.of("ConnectFunction", "DisconnectFunction")) {
      Map<String, Object> variables = map(map(property(function, "Environment")).get("Variables"));
      assertThat(variables.get("CONNECTIONS_TABLE")).isEqualTo(Map.of("Ref", "ConnectionsTable"));
      Object ttl = variables.getOrDefault("CONNECTION_TTL_SECONDS", "10800");
      LambdaConfig config = LambdaConfig.from(Map.of("CONNECTIONS_TABLE", "any-connections", "CONNECTION_TTL_SECONDS", ttl.toString()));
      assertThat(config.connectionTtl()).isGreaterThan(LambdaConfig.MAX_CONNECTION);
    }
  }

  @Test
  void theGatewayIntegrationPassesWhatTheGatewayReadsFromEachFrame() {
    // Both branches of the secret's !If: ApiGatewayRoute reads these headers of every frame.
    List<Object> branches = list(map(property("GatewayIntegration", "RequestParameters")).get("Fn::If"));
    for (Object parameters : branches.subList(1, 3)) {
      assertThat(map(parameters)).containsEntry("integration.request.header.ConnectionId", "context.connectionId")
          .containsEntry("integration.request.header.X-PulseChat-Received-At", "context.requestTimeEpoch")
          .containsEntry("integration.request.header.X-PulseChat-Source-Ip", "context.identity.sourceIp");
    }
  }

  @Test
  void connectionsTableIsKeyedAndExpiredAsTheHandlersWriteIt() {
    assertThat(property("ConnectionsTable", "KeySchema"))
        .isEqualTo(List.of(Map.of("AttributeName", ConnectionTable.CONNECTION_ID, "KeyType", "HASH")));
    assertThat(property("ConnectionsTable", "TimeToLiveSpecification"))
        .isEqualTo(Map.of("AttributeName", ConnectionTable.EXPIRES_AT, "Enabled", true));
  }

  @Test
  void messagesTableHasTheDedupIndex() {
    List<Object> indexes = list(property("MessagesTable", "GlobalSecondaryIndexes"));
    assertThat(indexes).hasSize(1);
    Map<String, Object> index = map(indexes.get(0));
    assertThat(index.get("IndexName")).isEqualTo("byClientMsgId");
    assertThat(index.get("KeySchema")).isEqualTo(List.of(Map.of("AttributeName", "dedup", "KeyType", "HASH")));
  }

  @Test
  void theClientFromTheBucketCarriesTheGatewaysBrowserDefaults() {
    Map<String, Object> config = map(map(property("ClientSecurityHeaders", "ResponseHeadersPolicyConfig"))
        .get("SecurityHeadersConfig"));
    String csp = (String) map(config.get("ContentSecurityPolicy")).get("ContentSecurityPolicy");
    assertThat(csp).contains("script-src 'self';", "style-src 'self';", "object-src 'none'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(map(config.get("FrameOptions")).get("FrameOption")).isEqualTo("DENY");
    assertThat(map(config.get("ReferrerPolicy")).get("ReferrerPolicy")).isEqualTo("no-referrer");
    assertThat(config).containsKey("ContentTypeOptions");
    Map<String, Object> distribution = map(property("ClientDistribution", "DistributionConfig"));
    Map<String, Object> policy = Map.of("Ref", "ClientSecurityHeaders");
    assertThat(map(distribution.get("DefaultCacheBehavior")).get("ResponseHeadersPolicyId")).isEqualTo(policy);
    for (Object behaviour : list(distribution.get("CacheBehaviors"))) {
      if ("client-bucket".equals(map(behaviour).get("TargetOriginId"))) {
        assertThat(map(behaviour).get("ResponseHeadersPolicyId")).as("behaviour %s", map(behaviour).get("PathPattern"))
            .isEqualTo(policy);
      }
    }
  }

  @Test
  void everyTableIsEncryptedWithTheStackKeyAndRecoverable() {
    resources.forEach((name, resource) -> {
      if ("AWS::DynamoDB::Table".equals(map(resource).get("Type"))) {
        assertThat(map(property(name, "SSESpecification")).get("KMSMasterKeyId")).as(name).isEqualTo(Map.of("Ref", "DataKey"));
        assertThat(property(name, "PointInTimeRecoverySpecification")).as(name)
            .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
      }
    });
  }

  @Test
  void iamStatementsNameResourcesExceptForActionsWithoutResourceLevelPermissions() {
    Set<String> unscopable = Set.of("cloudwatch:PutMetricData", "ec2:DescribeTags", "ec2:DescribeInstances");
    List<String> wildcard = new ArrayList<>();
    resources.forEach((name, resource) -> {
      if (!"AWS::IAM::Role".equals(map(resource).get("Type"))) {
        return;
      }
      for (Object policy : list(property(name, "Policies"))) {
        for (Object statement : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
          Map<String, Object> s = statement instanceof Map<?, ?> m && m.containsKey("Fn::If")
              ? map(list(m.get("Fn::If")).get(1)) : map(statement);
          List<Object> actions = s.get("Action") instanceof List<?> l ? new ArrayList<>(l) : List.of(s.get("Action"));
          if ("*".equals(s.get("Resource")) && !unscopable.containsAll(actions)) {
            wildcard.add(name + " " + actions);
          }
          assertThat(actions).as(name).noneMatch(a -> a.toString().endsWith(":*"));
        }
      }
    });
    assertThat(wildcard).isEmpty();
  }

  @Test
  void clusterPortsAreOpenOnlyBetweenFleetInstances() {
    List<String> seen = new ArrayList<>();
    resources.forEach((name, resource) -> {
      String type = (String) map(resource).get("Type");
      if (!type.startsWith("AWS::EC2::SecurityGroup")) {
        return;
      }
      Map<String, Object> properties = map(map(resource).get("Properties"));
      List<Map<String, Object>> rules = new ArrayList<>();
      if (type.equals("AWS::EC2::SecurityGroup")) {
        for (String key : List.of("SecurityGroupIngress", "SecurityGroupEgress")) {
          if (properties.containsKey(key)) {
            list(properties.get(key)).forEach(r -> rules.add(map(r)));
          }
        }
      } else {
        rules.add(properties);
      }
      for (Map<String, Object> rule : rules) {
        if (List.of(5701, 5801).contains(rule.get("FromPort")) || List.of(5701, 5801).contains(rule.get("ToPort"))) {
          assertThat(rule.get("FromPort")).as(name).isEqualTo(rule.get("ToPort"));
          assertThat(rule).as(name).doesNotContainKeys("CidrIp", "CidrIpv6");
          Object peer = rule.containsKey("SourceSecurityGroupId") ? rule.get("SourceSecurityGroupId")
              : rule.get("DestinationSecurityGroupId");
          assertThat(peer).as(name).isEqualTo(Map.of("Ref", "FleetSecurityGroup"));
          assertThat(rule.get("GroupId")).as(name).isEqualTo(Map.of("Ref", "FleetSecurityGroup"));
          seen.add(type.substring(type.lastIndexOf(':') + 1) + " " + rule.get("FromPort"));
        }
      }
    });
    assertThat(seen).containsExactlyInAnyOrder(
        "SecurityGroupIngress 5701", "SecurityGroupIngress 5801", "SecurityGroupEgress 5701", "SecurityGroupEgress 5801");
  }

  @Test
  void instancesCarryTheTagHazelcastDiscoversPeersBy() {
    String userData = map(map(map(property("GatewayLaunchTemplate", "LaunchTemplateData")).get("UserData"))
        .get("Fn::Base64")).get("Fn::Sub") instanceof List<?> sub ? sub.get(0).toString() : "";
    assertThat(userData).contains("CLUSTER_ENABLED=true\n", "CLUSTER_AWS_TAG_KEY=pulsechat:cluster\n", "CLUSTER_AWS_TAG_VALUE=${AWS::StackName}\n",
        "CLUSTER_EVENT_BUS_PORT=5801\n", "CLUSTER_PORT=5701\n", "CLUSTER_HOST=");
    assertThat(list(property("GatewayGroup", "Tags"))).contains(
        Map.of("Key", "pulsechat:cluster", "Value", Map.of("Ref", "AWS::StackName"), "PropagateAtLaunch", true));
  }

  @Test
  void outputsNameTheEntryPoints() {
    assertThat(outputs).containsKeys("WebSocketUrl", "ClientUrl", "DashboardUrl", "TrainingInstanceId");
  }

  @Test
  void tokenModeWithoutAnOutsideKeySetMakesTheCognitoSignIn() {
    assertThat(conditions.get("UseCognito")).isEqualTo(Map.of("Fn::And", List.of(
        Map.of("Fn::Equals", List.of(Map.of("Ref", "AuthMode"), "token")),
        Map.of("Fn::Equals", List.of(Map.of("Ref", "AuthJwksUrl"), "")))));
    for (String resource : List.of("UserPool", "UserPoolClient", "UserPoolDomain")) {
      assertThat(map(resources.get(resource)).get("Condition")).as(resource).isEqualTo("UseCognito");
    }
    for (String output : List.of("AuthAuthority", "AuthClientId")) {
      assertThat(map(outputs.get(output)).get("Condition")).as(output).isEqualTo("UseCognito");
    }
    assertThat(map(property("UserPool", "UserPoolAddOns")).get("AdvancedSecurityMode")).isEqualTo("OFF");
    assertThat(list(property("UserPool", "AliasAttributes"))).containsExactly("email");
    Map<String, Object> passwords = map(map(property("UserPool", "Policies")).get("PasswordPolicy"));
    assertThat((Integer) passwords.get("MinimumLength")).isGreaterThanOrEqualTo(12);
  }

  @Test
  void theBrowsersAppClientIsPublicWithPkceCodeFlowBackToTheClientUrl() {
    assertThat(property("UserPoolClient", "GenerateSecret")).isEqualTo(false);
    assertThat(property("UserPoolClient", "AllowedOAuthFlows")).isEqualTo(List.of("code"));
    assertThat(property("UserPoolClient", "AllowedOAuthScopes")).isEqualTo(List.of("openid", "profile", "email"));
    Object clientUrl = map(outputs.get("ClientUrl")).get("Value");
    assertThat(property("UserPoolClient", "CallbackURLs")).isEqualTo(List.of(clientUrl));
    assertThat(property("UserPoolClient", "LogoutURLs")).isEqualTo(List.of(clientUrl));
    assertThat(property("UserPoolClient", "IdTokenValidity")).isEqualTo(1);
    assertThat(property("UserPoolClient", "AccessTokenValidity")).isEqualTo(1);
    assertThat(property("UserPoolClient", "RefreshTokenValidity")).isEqualTo(30);
    assertThat(property("UserPoolClient", "TokenValidityUnits"))
        .isEqualTo(Map.of("AccessToken", "hours", "IdToken", "hours", "RefreshToken", "days"));
  }

  @Test
  void connectAndTheGatewaysCheckThePoolsIdTokensAlike() {
    String pool = "https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/${UserPool}";
    Map<String, Object> connect = map(map(property("ConnectFunction", "Environment")).get("Variables"));
    Object jwks = Map.of("Fn::If", List.of("UseCognito", Map.of("Fn::Sub", pool + "/.well-known/jwks.json"),
        Map.of("Ref", "AuthJwksUrl")));
    Object issuer = Map.of("Fn::If", List.of("UseCognito", Map.of("Fn::Sub", pool), Map.of("Ref", "AuthJwtIssuer")));
    Object audience = Map.of("Fn::If", List.of("UseCognito", Map.of("Ref", "UserPoolClient"),
        Map.of("Ref", "AuthJwtAudience")));
    assertThat(connect.get("AUTH_JWKS_URL")).isEqualTo(jwks);
    assertThat(connect.get("AUTH_JWT_ISSUER")).isEqualTo(issuer);
    assertThat(connect.get("AUTH_JWT_AUDIENCE")).isEqualTo(audience);
    // The instances' user data: a Sub whose variables carry the same values into gateway.env.
    Map<String, Object> launch = map(property("GatewayLaunchTemplate", "LaunchTemplateData"));
    List<Object> userData = list(map(map(launch.get("UserData")).get("Fn::Base64")).get("Fn::Sub"));
    String script = (String) userData.get(0);
    Map<String, Object> variables = map(userData.get(1));
    assertThat(script).contains("AUTH_JWKS_URL=${JwksUrl}\n", "AUTH_JWT_ISSUER=${JwtIssuer}\n",
        "AUTH_JWT_AUDIENCE=${JwtAudience}\n", "AUTH_ADMIN_CLAIM=${AdminClaim}\n");
    assertThat(variables.get("JwksUrl")).isEqualTo(jwks);
    assertThat(variables.get("JwtIssuer")).isEqualTo(issuer);
    assertThat(variables.get("JwtAudience")).isEqualTo(audience);
  }

  private static void assertFunction(String name, Class<?> handler) {
    assertThat(property(name, "Handler")).isEqualTo(handler.getName() + "::handleRequest");
    assertThat(property(name, "Runtime")).isEqualTo("java21");
    assertThat(property(name, "SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
  }

  private static Object property(String resource, String property) {
    assertThat(resources).containsKey(resource);
    return map(map(resources.get(resource)).get("Properties")).get(property);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  /** Reads CloudFormation's short forms ({@code !Ref x}) as their long forms ({@code {Ref: x}}). */
  private static final class CloudFormationConstructor extends SafeConstructor {
    CloudFormationConstructor(LoaderOptions options) {
      super(options);
      for (String function : List.of("Ref", "Condition", "GetAtt", "Sub", "If", "Equals", "Not", "And", "Or",
          "Select", "Base64", "Join", "Split", "FindInMap", "GetAZs", "ImportValue", "Cidr")) {
        String key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
        this.yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
          @Override
          public Object construct(Node node) {
            Object value;
            if (node instanceof ScalarNode scalar) {
              value = function.equals("GetAtt") ? List.of(scalar.getValue().split("\\.", 2)) : scalar.getValue();
            } else if (node instanceof SequenceNode sequence) {
              value = constructSequence(sequence);
            } else {
              value = constructMapping((MappingNode) node);
            }
            return Map.of(key, value);
          }
        });
      }
    }
  }
}

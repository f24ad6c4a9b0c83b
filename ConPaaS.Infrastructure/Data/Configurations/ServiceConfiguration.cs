using ConPaaS.Domain;
using ConPaaS.Domain.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConPaaS.Infrastructure.Data.Configurations;

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(Names.MaxLength).IsRequired();
        builder.Property(s => s.Type).HasMaxLength(32).IsRequired();
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.StateReason).HasMaxLength(2000);
        builder.HasIndex(s => new { s.ApplicationId, s.Name }).IsUnique();
        builder.Property(s => s.Cloud).HasMaxLength(64);
        builder.Property(s => s.StartupScript).HasMaxLength(1024 * 1024);
        builder.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
        builder.Property(s => s.ActiveCodeVersion).HasMaxLength(64).HasDefaultValue(Service.DefaultCodeVersion);
        builder.Property(s => s.DeployOnPush).HasDefaultValue(true);
        builder.Property(s => s.ProtectedSecrets).HasMaxLength(8000);
    }
}
